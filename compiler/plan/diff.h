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
  const std::vector<std::string>* changed_inputs = nullptr;  // when the caller has them already
};

Plan diff_compilations(const DiffInputs& inputs);

// Input files (infrac.yaml, services/, policies/, modules/) whose bytes differ, by path.
std::vector<std::string> changed_input_files(const std::filesystem::path& base_root,
                                             const std::filesystem::path& head_root);

// Unified diff of two texts with `context` lines around each hunk (dtl).
std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after, int context = 3);

}  // namespace infrac
