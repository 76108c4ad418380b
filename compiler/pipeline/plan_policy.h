// The plan-JSON policy pass (`infrac plan --terraform-plan FILE...` inside a repository): the
// project's terraform-subject rules judge each planned resource of Terraform's own plan, and
// the findings go into that file's target. Compiles the project and its packs, no targets.
// Tested by tests/cli/terraform_plan_test.cpp.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "pipeline/compile.h"
#include "plan/plan.h"

namespace infrac {

// `env` is the environment the rules see ($production); empty: "plan". The project and packs
// are read through `host`. Returns the compilation (its files locate the findings); without a
// model nothing was judged.
std::unique_ptr<Compilation> judge_planned_resources(const Host& host,
                                                     const std::filesystem::path& root,
                                                     const std::string& env, Plan& plan);

}  // namespace infrac
