// Environment overrides: `environments.<env>` deep-merged into `spec`.
// Maps merge key by key, lists and scalars replace, and null removes the key. Merged nodes
// keep the location of whichever file line supplied them, so a finding on an overridden value
// points at the override.
// Tested by tests/unit/validate_test.cpp and tests/unit/golden_test.cpp (environment overrides in
// the acme model).
#pragma once

#include "spec/node.h"

namespace infrac {

Node merge_override(const Node& base, const Node& override_node);

}  // namespace infrac
