#include "pipeline/stages.h"

namespace infrac {

const std::vector<StageInfo>& stages() {
  static const std::vector<StageInfo> table = {
      {Stage::Load, "load", "read infrac.yaml and services/*/service.yaml into source trees"},
      {Stage::Resolve, "resolve",
       "validate spec-v1, apply environment overrides and stdlib defaults, resolve dependencies"},
      {Stage::Lower, "lower",
       "compile each target to a Terraform root module and Kubernetes objects (target IRs)"},
      {Stage::Policy, "policy",
       "evaluate the policy packs on each target's spec and generated output, apply exceptions"},
      {Stage::Emit, "emit", "print the target IRs as canonical HCL and YAML files (in memory)"},
  };
  return table;
}

std::optional<Stage> stage_named(std::string_view name) {
  for (const auto& s : stages()) {
    if (s.name == name) return s.stage;
  }
  return std::nullopt;
}

}  // namespace infrac
