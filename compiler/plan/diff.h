// Diffs base and head into a Plan. Each side is given as narrow inputs (its model, the IRs of
// the targets it compiled keyed by target id, its printed files and its own file table), so
// targets pair by id and every location is rendered from the side it came from.
// Tested by tests/unit/plan_diff_test.cpp, tests/cli/plan_test.cpp and the differential test.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/source_files.h"
#include "ir/output_layout.h"
#include "ir/target_output.h"
#include "plan/plan.h"
#include "policy/policy.h"
#include "resolve/model.h"

namespace infrac {

struct PlanSide {
  const Model* model = nullptr;
  const std::map<std::string, TargetOutput>* targets = nullptr;  // compiled ones, by id
  const std::vector<GatewayOutput>* gateways = nullptr;          // by environment
  const std::vector<TargetOutput>* platforms = nullptr;          // by environment
  const std::vector<OutputFile>* output = nullptr;               // sorted by path
  const SourceFiles* files = nullptr;
  const std::vector<PolicyException>* exceptions = nullptr;
  const std::vector<Finding>* findings = nullptr;  // the head's are the plan's violations
};

struct DiffInputs {
  PlanSide base, head;
  // Paths whose state differs between what the two sides' compiles read (base/inputs.h).
  std::vector<std::string> changed_inputs;
};

Plan diff_sides(const DiffInputs& inputs);

// Unified diff of two texts (dtl).
std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after);

}  // namespace infrac
