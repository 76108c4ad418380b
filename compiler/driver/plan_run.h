// The two compiled sides of a change, as `infrac plan`, `infrac ci targets`, `ci bundle` and
// `ci apply` need them: the base exported from git, the head from git or the working tree,
// both compiled (pipeline/plan_sides.h), errors reported, and the plan diffed.
// Tested by tests/cli/plan_test.cpp and tests/cli/delivery_cli_test.cpp.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "driver/commands.h"
#include "plan/git_tree.h"
#include "plan/plan.h"

namespace infrac {

struct Side {
  ExportedTree exported;  // empty for the working tree
  std::filesystem::path root;
  std::unique_ptr<Compilation> compilation;
};

std::optional<std::filesystem::path> require_root(const CommonOptions& options, Io io);

// Compiles base (a git ref) and head (a ref, or the working tree when empty) and diffs them.
// Nothing on errors (printed); usage_error says whether they were the command line's.
std::optional<Plan> make_plan(const CommonOptions& options, const std::string& base_ref,
                              const std::string& head_ref, Side& base, Side& head,
                              bool& usage_error, Io io);

}  // namespace infrac
