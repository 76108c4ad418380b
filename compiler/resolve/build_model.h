// From validated source trees to the typed meaning model, one file at a time: the project,
// and for each service one Target per environment (overrides merged, stdlib defaults filled,
// per-file semantic rules checked). Cross-service work is in resolve.h.
// Tested by tests/unit/golden_test.cpp (the reviewed acme model) and the invalid-spec corpus.
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/repository.h"

namespace infrac {

std::optional<Project> build_project(const LoadedFile& file, Diagnostics& diagnostics);

struct ServiceBuild {
  Service service;
  bool valid = false;           // false: the file had errors (targets may still exist, for
                                // checks across services, but never reach the model)
  std::vector<Target> targets;  // one per environment, in environment order; empty when the
                                // file's structure was too broken to read
  // Each target's merged spec (overrides applied), parallel to targets: what resolve's checks
  // across services read (spec.iam and egress items at their lines). Dropped by resolve, so no
  // YAML tree outlives it.
  std::vector<Node> specs;
};

ServiceBuild build_service(const LoadedFile& file, const Project& project,
                           Diagnostics& diagnostics);

}  // namespace infrac
