// Checks that keep each service inside its own boundaries, over every service of the model
// before any is lowered:
// - reserved names (stdlib/defaults.yaml `reserved:`): a service may not be named like a
//   system or platform namespace (it becomes one), a component may not end in a suffix infrac
//   derives (-canary) — E0133 at the name;
// - adopt: a datastore may not adopt a resource another service's spec creates (its names
//   are <project>-<env>-<service>-...), and a bucket's name follows the cloud's rules (S3 and
//   Cloud Storage: 3-63 characters, lowercase letters, digits, '.', '-') — E0151 at adopt;
// - spec.iam: a grant on another service's secrets (E0140, like a secret key), on another
//   service's resources, on every resource ('*'), or of project-wide secret access (E0140),
//   or without a reason (E0150);
// - egress: an IP address written as a host, or a CIDR that reaches the node's link-local
//   metadata and credentials (169.254.169.254) — E0154 at the value.
// Tested by tests/corpus/invalid (E0133, E0140, E0151, E0154) and tests/cli/escape_test.cpp.
#pragma once

#include <vector>

#include "base/diagnostic.h"
#include "resolve/build_model.h"

namespace infrac {

void check_guarantees(const Project& project, const std::vector<ServiceBuild>& builds,
                      Diagnostics& diagnostics);

}  // namespace infrac
