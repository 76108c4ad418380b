// Reads `terraform show -json` plan files into the Plan the renderers know: counts by
// Terraform's own actions, attribute diffs with sensitive values shown as "(sensitive value)"
// and unknowns as "(known after apply)", replacement reasons from replace_paths, drift as
// risks. A file that is not a plan (a state file, a CI log) is a clear error, never a crash.
// Tested by tests/cli/terraform_plan_test.cpp.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.h"

namespace infrac {

struct TerraformPlanInput {
  std::string name;  // the target shown: the file's name
  std::string text;
};

// Appends one TargetPlan per file; returns an error message for the first bad file.
std::string read_terraform_plans(const std::vector<TerraformPlanInput>& files, Plan& plan);

}  // namespace infrac
