// Evaluates a policy set on targets: service rules on the target's view, kubernetes and
// terraform rules on its lowered output, then cross-service rules and exceptions.
// Evaluation is pure: the same model and policies give the same findings in the same order.
// Tested by tests/unit/policy_test.cpp and tests/corpus/policy/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lower/lower.h"
#include "policy/policy.h"
#include "policy/views.h"
#include "resolve/model.h"

namespace infrac {

struct UniqueClaim {
  const Rule* rule = nullptr;
  std::string env, value, service;
  Location location;
};

struct TargetFindings {
  std::vector<Finding> findings;
  std::vector<UniqueClaim> claims;
};

struct PublicRoute {
  std::string service, path;
};
using PublicHosts = std::map<std::string, std::vector<PublicRoute>>;  // host -> routes

// By file, line, column, rule, target, address and message: the order of every report.
void sort_findings(std::vector<Finding>& findings, const SourceFiles& files);

class PolicyEngine {
 public:
  PolicyEngine(const Model& model, const PolicySet& policies);

  // Safe to call from several threads at once.
  // claims_only: just the rules that claim something across services (unique_across_services),
  // for a target whose own findings are not wanted (a selection judges the whole repository).
  TargetFindings evaluate_service(const Target& target, bool claims_only = false) const;
  TargetFindings evaluate_lowered(const Target& target, const TargetOutput& lowered) const;
  // Kubernetes or terraform rules on one object given as a tree (policy test cases).
  TargetFindings evaluate_object(const Target& target, const Node& object, Subject subject) const;

  // Cross-service findings added, exceptions applied, sorted by file, line, rule and target.
  std::vector<Finding> finish(std::vector<TargetFindings> parts, const SourceFiles& files) const;

  bool has_lowered_rules() const { return has_lowered_rules_; }

 private:
  const Model& model_;
  const PolicySet& policies_;
  bool has_lowered_rules_ = false;
  // env -> host -> routes: "is this literal another service's public URL?" in O(1).
  std::map<std::string, PublicHosts> public_hosts_;
  // The rules that claim something across services, and the subject's top-level fields they
  // read (nothing: some path starts with `*`, so every field): a judgement of claims only
  // builds just those (a plan's or a narrowed check's targets not compiled).
  bool has_claim_rules_ = false;
  std::optional<ViewFields> claim_fields_;
};

}  // namespace infrac
