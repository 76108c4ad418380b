// Diffs two compilations (base and head, both through emit with their IRs kept) into a Plan.
#pragma once

#include <filesystem>

#include "driver/pipeline.h"
#include "plan/plan.h"

namespace infrac {

struct DiffInputs {
  const Compilation& base;
  const Compilation& head;
  std::filesystem::path base_root, head_root;  // to compare input files (reasons, blast radius)
};

Plan diff_compilations(const DiffInputs& inputs);

// Unified diff of two texts with `context` lines around each hunk (dtl).
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after,
                         int context = 3);

}  // namespace infrac
