// The Terraform-check pass (`infrac check --terraform DIR`): hand-written Terraform judged by
// the same terraform rules as generated output, each finding at its .tf line, local module
// calls checked against their modules' source, and inline waivers applied. Runs after
// compile() reached the policy stage; adds to its diagnostics, findings and inline waivers.
// Tested by tests/cli/terraform_check_test.cpp and tests/corpus/terraform-check/.
#pragma once

#include <filesystem>
#include <vector>

#include "pipeline/compile.h"

namespace infrac {

struct TerraformCheckOptions {
  std::filesystem::path root;               // the repository
  std::vector<std::filesystem::path> dirs;  // absolute
  unsigned jobs = 0;                        // 0: one per core
};

// Inline waivers expire by the date of the compile's host (c.inputs.host(), base/host.h).
void check_terraform(Compilation& c, const TerraformCheckOptions& options);

}  // namespace infrac
