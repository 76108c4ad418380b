// The pipeline's stages in order (load -> resolve -> lower -> policy -> emit). Commands run it
// up to the stage they need; `--stop-after STAGE` and `--dump STAGE` name the same table.
// Tested by tests/cli/commands_test.cpp (--stop-after, --dump).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace infrac {

enum class Stage { Load, Resolve, Lower, Policy, Emit };

struct StageInfo {
  Stage stage;
  std::string_view name;
  std::string_view does;
};
const std::vector<StageInfo>& stages();
std::optional<Stage> stage_named(std::string_view name);

}  // namespace infrac
