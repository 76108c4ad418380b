// A plan: what a change does to every target, diffed on the target IRs (not on text):
// Terraform blocks by address, Kubernetes objects by group/version/kind/namespace/name,
// attributes by path, with Terraform's action algebra (create, update, replace, delete), a
// reason and the spec line for each change, and the risks a reviewer must see first.
// Built by diff.cpp from two compilations; rendered by render.cpp.
// Tested by tests/unit/plan_diff_test.cpp and tests/cli/plan_test.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/location.h"
#include "policy/policy.h"
#include "spec/node.h"

namespace infrac {

// Forget: Terraform 1.7 `removed { lifecycle { destroy = false } }` (state only). Import: an
// existing object taken into state by an `import {}` block (Terraform 1.5); Move: state moved
// to a new address by a `moved {}` block, the object untouched.
enum class ChangeAction { Create, Update, Replace, Delete, Read, Forget, Import, Move };
// create, update, replace, delete, read, forget, import, move
std::string_view action_name(ChangeAction action);
std::string_view action_symbol(ChangeAction action);  // + ~ -/+ - <= . <- ->

// A spec location as a plan keeps it: the path of the side (base or head) it was read from,
// so an item that is gone cites the file it was in on the base, not a head file by its id.
struct SourceRef {
  std::string path;
  std::uint32_t line = 0, column = 0;
  bool on_base = false;  // read from the base's file (a line the head may no longer have)
  bool known() const { return !path.empty() && line > 0; }
  std::string text() const {  // path:line:col
    return path + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

struct AttributeChange {
  std::string path;
  std::string before, after;  // "" with the flag off: absent
  bool had_before = false, has_after = false;
};

struct Change {
  std::string address;  // module.db, apps/v1/Deployment/payments/payments-api
  ChangeAction action = ChangeAction::Update;
  std::string kind;  // aws/postgres, Deployment, ...
  std::vector<AttributeChange> attributes;
  std::string reason;  // "replace: name changes (forces replacement)"
  SourceRef origin;    // the spec line that caused it
  // An import that also changes the object: action Update, counted to import and to change,
  // as Terraform counts it.
  bool importing = false;
};

// One fact a risk states, in a form a test can check against two full builds: an identity's
// grant (kind access: subject the module call, object "list[value]"), a workload's egress to a
// destination on a port (kind egress: subject namespace/workload, object "DEST PORT"), a Job
// that runs (kind run: subject the Job, object again | first), a Deployment that rolls (kind
// restart). change: lost | gained for access and egress, runs for the others.
struct RiskClaim {
  std::string kind, subject, object, change;
  bool operator<(const RiskClaim& o) const {
    return std::tie(kind, subject, object, change) <
           std::tie(o.kind, o.subject, o.object, o.change);
  }
};

// How much a risk weighs, lightest first: a warning asks for a look, a danger for a decision,
// and a blocked change is refused until the spec opts in (a major upgrade). `--fail-on`
// compares on this order.
enum class RiskLevel { Warning, Danger, Blocked };
std::string_view risk_level_name(RiskLevel level);  // warning, danger, blocked
std::optional<RiskLevel> risk_level_named(std::string_view name);

struct Risk {
  RiskLevel level = RiskLevel::Danger;
  std::string message;
  SourceRef origin;
  std::vector<RiskClaim> claims{};  // what it states, for the risk oracle (plan JSON)
};

enum class TargetStatus { Added, Changed, Removed, Unchanged };
std::string_view status_name(TargetStatus status);

struct FileDiff {
  std::string path;
  std::string unified;  // unified hunks, "--- a/.. +++ b/.."
};

struct TargetPlan {
  std::string target, env, service;
  TargetStatus status = TargetStatus::Unchanged;
  std::vector<Change> terraform, kubernetes;
  // The root module's terraform {} and provider blocks: shown in the target's header, not as
  // items of their own (an added or removed target's settings are implied by its status).
  std::vector<Change> settings;
  std::vector<Risk> risks;
  std::vector<FileDiff> files;
  std::vector<Finding> violations;               // the head's findings for this target
  std::vector<std::string> reasons;              // input files that changed and reach this target
  bool wiring_changed = false;                   // dependencies changed (for the graph in comments)
  std::vector<std::string> dependencies;         // the head's (or, when removed, the base's)
  std::vector<std::string> dependencies_before;  // the base's (empty when added)
  // Terraform plans: each planned resource as {kind: TYPE, name: ADDRESS, args: AFTER}, with
  // sensitive values replaced, for policies of subject terraform.
  std::vector<Node> planned;
};

struct Plan {
  std::vector<TargetPlan> targets;  // every target of base and head, environment order
  std::vector<Risk> risks;          // not tied to one target: exceptions, blast radius
  std::vector<std::string> changed_inputs;
  std::map<std::string, std::size_t> blast_radius;  // env -> changed targets, for shared inputs
};

}  // namespace infrac
