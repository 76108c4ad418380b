// The host the command line passes to the library (base/host.h): the real machine, with the
// clock tests pin through the environment — INFRAC_NOW=YYYY-MM-DD for today's date (exceptions
// and inline waivers expire), INFRAC_NOW_UNIX=SECONDS for now (a bundle's age).
// Tested by tests/unit/host_test.cpp and, through the binary, tests/cli/policy_cli_test.cpp
// and tests/cli/delivery_cli_test.cpp.
#pragma once

#include "base/host.h"

namespace infrac {

// `host` with its clock pinned by INFRAC_NOW and INFRAC_NOW_UNIX of its own environment, and
// today's date read once (the whole run sees one date, even across midnight).
Host with_pinned_clock(Host host);

// with_pinned_clock(real_host()), built once.
const Host& cli_host();

}  // namespace infrac
