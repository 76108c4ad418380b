// Loads the policy packs a project uses (built-in packs embedded from policies/, and the
// repository's own policies/*.yaml: packs and exceptions), checks them, and compiles every
// pattern once. Problems are diagnostics at the policy file's line (E02xx).
// Tested by tests/unit/policy_test.cpp and tests/corpus/policy/.
#pragma once

#include <filesystem>

#include "base/inputs.h"
#include "base/source_files.h"
#include "policy/policy.h"
#include "resolve/model.h"

namespace infrac {

struct PolicyLoadOptions {
  int max_exception_days = 180;
  int today = 0;  // days since 1970-01-01
  // Built-in packs with their shipped parameters, ignoring the organisation's configure:
  // (their own test cases describe the packs as shipped).
  bool shipped_parameters = false;
};

// Organisation folders (policies/ and those spec.policies names) are read through `inputs`,
// so the build cache and the plan see every pack and exception file a run used.
PolicySet load_policies(const Project& project, Inputs& inputs, SourceFiles& files,
                        Diagnostics& diagnostics, const PolicyLoadOptions& options);

// The built-in pack names ("datastore", ...); infrac/baseline means all of them.
std::vector<std::string> builtin_pack_names();

}  // namespace infrac
