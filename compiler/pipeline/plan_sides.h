// The compile behind `infrac plan` and `infrac ci targets`: base and head of a change, each
// compiled side by side with half the threads. 1. Both sides resolve in full (cheap); 2. the
// targets the change reaches on either side are chosen from both models (plan/reach.h); 3. both
// sides compile exactly that union through emit with their IRs kept, so every target is
// compared with its own counterpart or with nothing. plan/diff.h then diffs the two.
// Tested by tests/cli/plan_test.cpp and the differential test (tests/differential/).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/compile.h"
#include "plan/diff.h"

namespace infrac {

struct PlanSidesOptions {
  std::filesystem::path base_root, head_root;  // exported trees or the working tree
  std::vector<std::string> envs, services;     // --env/--service
  unsigned jobs = 0;                           // 0: one per core
  Host host = real_host();                     // both sides read through it (base/host.h)
};

struct PlanSides {
  std::unique_ptr<Compilation> base, head;
  std::vector<std::string> changed_inputs;  // paths read whose state differs (base/inputs.h)
  // --env/--service naming what neither side has (usage error); nothing was compiled past
  // resolve.
  std::string filter_error;
};

PlanSides compile_plan_sides(const PlanSidesOptions& options);

// The narrow view plan/diff.h reads of one side.
PlanSide plan_side(const Compilation& c);

}  // namespace infrac
