#include "plan/diff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include "base/fs.h"
#include "plan/items.h"
#include "plan/risks.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

SourceRef ref_of(const Location& l, const SourceFiles* files, bool on_base = false) {
  if (!l.known() || !files || !files->get(l.file)) return {};
  return {std::string(files->path(l.file)), l.line, l.column, on_base};
}

// Which top-level attribute of a module call forces replacement (stdlib/modules.yaml).
std::string forcing_attribute(const std::string& kind, const std::vector<AttributeChange>& attrs) {
  const auto& table = replacing_arguments();
  auto replacing = table.find(kind);
  if (replacing == table.end()) return {};
  for (const auto& a : attrs) {
    std::string top = a.path.substr(0, a.path.find_first_of(".["));
    if (replacing->second.count(top)) return top;
  }
  return {};
}

// Elements (keyed or positional) present on one side only: one change each, not one per leaf.
std::set<std::string> lone_elements(const Item& before, const Item& after) {
  std::set<std::string> out;
  for (const auto& [p, _] : before.elements)
    if (!after.elements.count(p)) out.insert(p);
  for (const auto& [p, _] : after.elements)
    if (!before.elements.count(p)) out.insert(p);
  return out;
}

// Whether `path` lies strictly inside one of `elements` (an ancestor list element).
bool inside(const std::string& path, const std::set<std::string>& elements) {
  if (elements.empty()) return false;
  for (std::size_t at = path.find(']'); at != std::string::npos && at + 1 < path.size();
       at = path.find(']', at + 1)) {
    if (elements.count(path.substr(0, at + 1))) return true;
  }
  return false;
}

std::vector<AttributeChange> attribute_changes(const Item& before, const Item& after,
                                               Location& first_origin) {
  std::vector<AttributeChange> out;
  std::set<std::string> lone = lone_elements(before, after);
  std::set<std::string> paths;
  for (const auto& [p, _] : before.leaves) paths.insert(p);
  for (const auto& [p, _] : after.leaves) paths.insert(p);
  for (const auto& p : lone) paths.insert(p);
  for (const auto& p : paths) {
    if (inside(p, lone)) continue;  // the element around it is one change already
    if (lone.count(p)) {
      auto x = before.elements.find(p);
      auto y = after.elements.find(p);
      bool had = x != before.elements.end(), has = y != after.elements.end();
      out.push_back({p, had ? x->second : "", has ? y->second : "", had, has});
      continue;
    }
    auto x = before.leaves.find(p);
    auto y = after.leaves.find(p);
    bool had = x != before.leaves.end(), has = y != after.leaves.end();
    if (had && has && x->second.value == y->second.value) continue;
    if (has && y->second.origin.known() && !first_origin.known()) first_origin = y->second.origin;
    out.push_back({p, had ? x->second.value : "", has ? y->second.value : "", had, has});
  }
  return out;
}

std::string count_reason(std::size_t n) {
  return std::to_string(n) + " attribute" + (n == 1 ? "" : "s") + " change" + (n == 1 ? "s" : "");
}

// The base's item a head address continues: its own, or the one a moved {} block names.
Items::const_iterator previous_item(const Items& before, const std::string& address,
                                    const StateBlocks& state, std::string& moved_from) {
  for (const auto& [from, to] : state.moves) {
    if (to != address || !before.count(from)) continue;
    moved_from = from;
    return before.find(from);
  }
  return before.find(address);
}

std::vector<Change> diff_items(const Items& before, const Items& after, bool terraform,
                               const PlanSide& base, const PlanSide& head,
                               const StateBlocks& state = {}) {
  std::vector<Change> out;
  std::set<std::string> addresses, moved_away;
  for (const auto& [a, _] : before) addresses.insert(a);
  for (const auto& [a, _] : after) addresses.insert(a);
  for (const auto& [from, to] : state.moves) {
    if (after.count(to) && !after.count(from)) moved_away.insert(from);
  }
  for (const auto& address : addresses) {
    if (moved_away.count(address)) continue;  // shown at the address it moves to
    std::string moved_from;
    auto b = after.count(address) ? previous_item(before, address, state, moved_from)
                                  : before.find(address);
    auto a = after.find(address);
    Change c;
    c.address = address;
    auto import = state.imports.find(address);
    if (b == before.end() && import != state.imports.end()) {
      c.action = ChangeAction::Import;
      c.kind = a->second.kind;
      c.origin = ref_of(a->second.origin, head.files);
      c.reason = "imports " + import->second +
                 " (adopt:); the module's other resources are created: run terraform plan "
                 "for what it changes on the imported resource";
    } else if (b == before.end()) {
      c.action = ChangeAction::Create;
      c.kind = a->second.kind;
      c.origin = ref_of(a->second.origin, head.files);
      c.reason = "new in the spec";
    } else if (!moved_from.empty()) {
      c.kind = a->second.kind;
      Location first;
      c.attributes = attribute_changes(b->second, a->second, first);
      c.origin = ref_of(first.known() ? first : a->second.origin, head.files);
      c.action = ChangeAction::Move;
      c.reason = "state moves from " + moved_from + " (renamed_from:)" +
                 (c.attributes.empty() ? "" : "; " + count_reason(c.attributes.size()));
      std::string forcing = forcing_attribute(c.kind, c.attributes);
      if (!forcing.empty()) {
        c.action = ChangeAction::Replace;
        c.reason = "replace: " + forcing + " changes, which forces replacement (moved from " +
                   moved_from + ")";
      }
    } else if (a == after.end()) {
      c.action = ChangeAction::Delete;
      c.kind = b->second.kind;
      c.origin = ref_of(b->second.origin, base.files, true);
      c.reason = "no longer in the spec";
    } else {
      c.kind = a->second.kind;
      Location first;
      c.attributes = attribute_changes(b->second, a->second, first);
      if (c.attributes.empty()) continue;
      c.origin = ref_of(first.known() ? first : a->second.origin, head.files);
      c.action = ChangeAction::Update;
      std::string forcing = terraform ? forcing_attribute(c.kind, c.attributes) : "";
      if (!forcing.empty()) {
        c.action = ChangeAction::Replace;
        c.reason = "replace: " + forcing + " changes, which forces replacement";
      } else {
        c.reason = count_reason(c.attributes.size());
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The files under `prefix`; `files` is sorted by path, so this is a binary search, not a scan
// (a plan over thousands of targets would otherwise be quadratic).
std::map<std::string, const std::string*> files_by_path(const std::vector<OutputFile>& files,
                                                        const std::string& prefix) {
  std::map<std::string, const std::string*> out;
  auto it = std::lower_bound(files.begin(), files.end(), prefix,
                             [](const OutputFile& f, const std::string& p) { return f.path < p; });
  for (; it != files.end() && it->path.rfind(prefix, 0) == 0; ++it) out[it->path] = &it->contents;
  return out;
}

// One target (or an environment's gateway) as both sides have it; null where a side has none.
struct Pair {
  std::string env, service;
  const Target* base = nullptr;
  const Target* head = nullptr;
  const TfModule* base_tf = nullptr;
  const TfModule* head_tf = nullptr;
  const std::vector<KObject>* base_k = nullptr;
  const std::vector<KObject>* head_k = nullptr;
  const KValue* base_openapi = nullptr;  // gateways: the OpenAPI template beside the module
  const KValue* head_openapi = nullptr;
};

// The gateway's template is a file of its root module: a change to it is a change of the target.
void add_document(Items& items, const KValue* document) {
  if (document && document->kind != KValue::Kind::Null)
    items["openapi.yaml.tftpl"] = document_item(*document);
}

std::size_t env_index(const DiffInputs& in, const std::string& env) {
  const Model* m = in.head.model ? in.head.model : in.base.model;
  if (!m) return 0;
  const auto& envs = m->project.environments;
  for (std::size_t i = 0; i < envs.size(); ++i) {
    if (envs[i].name == env) return i;
  }
  return envs.size();
}

// Targets pair by id (env/service), never by position; platforms and gateways by environment.
// (environment order, platform first and gateway last, service): the order targets are listed
// in, which is also the order they are applied in (deliver/apply_steps.h).
using PairKey = std::tuple<std::size_t, int, std::string>;
constexpr int kPlatformRank = 0, kServiceRank = 1, kGatewayRank = 2;

std::map<PairKey, Pair> pair_targets(const DiffInputs& in) {
  std::map<PairKey, Pair> pairs;
  auto add = [&](const PlanSide& side, bool is_head) {
    if (!side.model || !side.targets) return;
    for (const auto& t : side.model->targets) {
      auto ir = side.targets->find(t.id());
      if (ir == side.targets->end()) continue;  // resolved but not compiled: not reached
      Pair& p = pairs[{env_index(in, t.env), kServiceRank, t.service}];
      p.env = t.env;
      p.service = t.service;
      (is_head ? p.head : p.base) = &t;
      (is_head ? p.head_tf : p.base_tf) = &ir->second.terraform;
      (is_head ? p.head_k : p.base_k) = &ir->second.kubernetes;
    }
    if (side.platforms) {
      for (const auto& platform : *side.platforms) {
        Pair& p = pairs[{env_index(in, platform.env), kPlatformRank, kPlatformService}];
        p.env = platform.env;
        p.service = kPlatformService;
        (is_head ? p.head_tf : p.base_tf) = &platform.terraform;
        (is_head ? p.head_k : p.base_k) = &platform.kubernetes;
      }
    }
    if (!side.gateways) return;
    for (const auto& g : *side.gateways) {
      Pair& p = pairs[{env_index(in, g.env), kGatewayRank, kGatewayService}];
      p.env = g.env;
      p.service = kGatewayService;
      (is_head ? p.head_tf : p.base_tf) = &g.terraform;
      (is_head ? p.head_openapi : p.base_openapi) = &g.openapi;
    }
  };
  add(in.base, false);
  add(in.head, true);
  return pairs;
}

// A repository module that changed reaches every call of it, even when the call itself
// (the generated root module) is byte-for-byte the same.
void add_module_changes(TargetPlan& tp, const Items& before, const Items& after,
                        const std::vector<std::string>& changed_inputs, const PlanSide& head) {
  // The repository's module folder (terraform.modules), as the head has it.
  std::string folder = head.model ? head.model->project.terraform.modules : "";
  if (folder.empty() || folder == "infrac") return;
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  if (folder.rfind("./", 0) == 0) folder = folder.substr(2);
  for (const auto& [address, item] : after) {
    if (item.kind.find('/') == std::string::npos || !before.count(address)) continue;
    std::string prefix = folder + "/" + item.kind + "/";
    std::string changed_file;
    for (const auto& f : changed_inputs) {
      if (f.rfind(prefix, 0) == 0) changed_file = f;
    }
    if (changed_file.empty()) continue;
    bool listed = false;
    for (const auto& c : tp.terraform) listed = listed || c.address == address;
    if (listed) continue;
    Change c;
    c.address = address;
    c.kind = item.kind;
    c.action = ChangeAction::Update;
    c.reason = "module " + item.kind + " changed (" + changed_file +
               "): run terraform plan for the effect";
    c.origin = ref_of(item.origin, head.files);
    tp.terraform.push_back(std::move(c));
  }
}

void split_settings(TargetPlan& tp) {
  std::vector<Change> items;
  for (auto& c : tp.terraform)
    (is_setting(c.address) ? tp.settings : items).push_back(std::move(c));
  tp.terraform = std::move(items);
  for (const auto& c : tp.settings) {
    if (c.address == "terraform.backend" && c.action == ChangeAction::Update) {
      tp.risks.push_back({RiskLevel::Danger,
                          "the state backend of " + tp.target +
                              " changes: run `terraform init -migrate-state` before the plan, or "
                              "Terraform starts from an empty state",
                          c.origin});
    }
  }
}

// The services a side's target calls, from that side's target graph.
std::vector<std::string> dependency_names(const PlanSide& side, const Target* t) {
  if (!t || !side.model) return {};
  return side.model->graph.destinations(t->id(), EdgeKind::Calls);
}

void add_file_diffs(TargetPlan& tp, const DiffInputs& in) {
  static const std::vector<OutputFile> no_files;
  const auto& base_out = in.base.output ? *in.base.output : no_files;
  const auto& head_out = in.head.output ? *in.head.output : no_files;
  std::string id = tp.env + "/" + tp.service;
  for (const std::string& prefix :
       {terraform_dir(id) + "/", kubernetes_dir(id) + "/", dashboard_file(id), argocd_file(id)}) {
    auto before_files = files_by_path(base_out, prefix);
    auto after_files = files_by_path(head_out, prefix);
    std::set<std::string> paths;
    for (const auto& [f, _] : before_files) paths.insert(f);
    for (const auto& [f, _] : after_files) paths.insert(f);
    static const std::string none;
    for (const auto& f : paths) {
      const std::string& b = before_files.count(f) ? *before_files[f] : none;
      const std::string& a = after_files.count(f) ? *after_files[f] : none;
      if (b != a) tp.files.push_back({f, unified_diff(f, b, a)});
    }
  }
}

TargetPlan plan_target(const Pair& p, const DiffInputs& in,
                       const std::vector<std::string>& shared) {
  static const TfModule empty_module;
  static const std::vector<KObject> no_objects;
  TargetPlan tp;
  tp.env = p.env;
  tp.service = p.service;
  tp.target = p.env + "/" + p.service;
  Items tf_before = terraform_items(p.base_tf ? *p.base_tf : empty_module);
  Items tf_after = terraform_items(p.head_tf ? *p.head_tf : empty_module);
  add_document(tf_before, p.base_openapi);
  add_document(tf_after, p.head_openapi);
  Items k_before = kubernetes_items(p.base_k ? *p.base_k : no_objects);
  Items k_after = kubernetes_items(p.head_k ? *p.head_k : no_objects);
  tp.terraform = diff_items(tf_before, tf_after, true, in.base, in.head,
                            state_blocks(p.head_tf ? *p.head_tf : empty_module));
  tp.kubernetes = diff_items(k_before, k_after, false, in.base, in.head);
  add_module_changes(tp, tf_before, tf_after, in.changed_inputs, in.head);
  bool in_base = p.base_tf != nullptr, in_head = p.head_tf != nullptr;
  if (in_base && in_head)
    split_settings(tp);
  else {  // an added or removed target's settings go with it
    std::erase_if(tp.terraform, [](const Change& c) { return is_setting(c.address); });
  }
  bool changed = !tp.terraform.empty() || !tp.kubernetes.empty() || !tp.settings.empty();
  tp.status = !in_base   ? TargetStatus::Added
              : !in_head ? TargetStatus::Removed
              : changed  ? TargetStatus::Changed
                         : TargetStatus::Unchanged;
  const Model* model = in.head.model ? in.head.model : in.base.model;
  const Environment* env = model ? model->project.environment(tp.env) : nullptr;
  bool production = env && env->production;
  RiskInputs risk_inputs{tf_before,
                         tf_after,
                         k_before,
                         k_after,
                         p.base_k ? *p.base_k : no_objects,
                         p.head_k ? *p.head_k : no_objects,
                         p.base,
                         p.head,
                         production,
                         [&](const Location& at, Side side) {
                           return side == Side::Base ? ref_of(at, in.base.files, true)
                                                     : ref_of(at, in.head.files);
                         },
                         state_blocks(p.head_tf ? *p.head_tf : empty_module).moves};
  add_target_risks(tp, risk_inputs);
  tp.dependencies_before = dependency_names(in.base, p.base);
  std::vector<std::string> after = dependency_names(in.head, p.head);
  tp.wiring_changed = tp.dependencies_before != after;
  tp.dependencies = p.head ? std::move(after) : tp.dependencies_before;
  if (tp.status == TargetStatus::Unchanged) return tp;
  // The target's own folder and those of the services it calls (on either side).
  std::set<std::string> related(tp.dependencies.begin(), tp.dependencies.end());
  related.insert(tp.dependencies_before.begin(), tp.dependencies_before.end());
  related.insert(tp.service);
  // An environment's platform follows every service of it (lower/platform_lower.h).
  bool platform = tp.service == kPlatformService;
  for (const auto& f : in.changed_inputs) {
    std::size_t slash = f.find('/', 9);
    if (f.rfind("services/", 0) == 0 && slash != std::string::npos &&
        (platform || related.count(f.substr(9, slash - 9))))
      tp.reasons.push_back(f);
  }
  for (const auto& s : shared) tp.reasons.push_back(s);
  if (tp.reasons.empty()) tp.reasons.push_back("a service that calls it, or infrac itself");
  std::sort(tp.reasons.begin(), tp.reasons.end());
  tp.reasons.erase(std::unique(tp.reasons.begin(), tp.reasons.end()), tp.reasons.end());
  add_file_diffs(tp, in);
  return tp;
}

void add_exception_risks(Plan& plan, const DiffInputs& in) {
  if (!in.head.exceptions) return;
  static const std::vector<PolicyException> none;
  const auto& before = in.base.exceptions ? *in.base.exceptions : none;
  // Exceptions added or extended: accountability changes that reviewers must see.
  for (const auto& x : *in.head.exceptions) {
    const PolicyException* old = nullptr;
    for (const auto& y : before) {
      if (y.rule == x.rule && y.services == x.services && y.targets == x.targets) old = &y;
    }
    std::string scope;
    for (const auto& s : x.services) scope += (scope.empty() ? "" : ", ") + s;
    for (const auto& s : x.targets) scope += (scope.empty() ? "" : ", ") + s;
    if (!old) {
      plan.risks.push_back({RiskLevel::Danger,
                            "new exception to " + x.rule + " for " + scope + " until " + x.expires +
                                " (owner " + x.owner + ")",
                            ref_of(x.location, in.head.files)});
    } else if (old->expires_day < x.expires_day) {
      plan.risks.push_back({RiskLevel::Danger,
                            "exception to " + x.rule + " for " + scope + " extended from " +
                                old->expires + " to " + x.expires,
                            ref_of(x.location, in.head.files)});
    }
  }
}

}  // namespace

std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after) {
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  };
  std::vector<std::string> a = lines(before), b = lines(after);
  dtl::Diff<std::string> d(a, b);
  d.onHuge();
  d.compose();
  d.composeUnifiedHunks();
  std::ostringstream os;
  os << "--- a/" << path << "\n+++ b/" << path << "\n";
  d.printUnifiedFormat(os);
  return os.str();
}

Plan diff_sides(const DiffInputs& in) {
  Plan plan;
  plan.changed_inputs = in.changed_inputs;
  std::vector<std::string> shared;
  for (const auto& p : plan.changed_inputs) {
    if (p.rfind("services/", 0) != 0) shared.push_back(p);
  }
  for (const auto& [key, p] : pair_targets(in)) {
    TargetPlan tp = plan_target(p, in, shared);
    if (tp.status != TargetStatus::Unchanged && !shared.empty()) plan.blast_radius[tp.env] += 1;
    if (in.head.findings) {
      for (const auto& f : *in.head.findings) {
        if (f.target == tp.target) tp.violations.push_back(f);
      }
    }
    plan.targets.push_back(std::move(tp));
  }
  add_exception_risks(plan, in);
  cite_spec_lines(plan.risks);
  if (!shared.empty()) {
    std::string list;
    for (const auto& s : shared) list += (list.empty() ? "" : ", ") + s;
    std::string counts;
    for (const auto& [env, n] : plan.blast_radius)
      counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " in " + env;
    plan.risks.push_back({RiskLevel::Warning,
                          "shared inputs changed (" + list + "): " +
                              (counts.empty() ? "no target changes" : counts + " target(s) change"),
                          {}});
  }
  return plan;
}

std::string_view action_name(ChangeAction a) {
  switch (a) {
    case ChangeAction::Create:
      return "create";
    case ChangeAction::Update:
      return "update";
    case ChangeAction::Replace:
      return "replace";
    case ChangeAction::Delete:
      return "delete";
    case ChangeAction::Read:
      return "read";
    case ChangeAction::Forget:
      return "forget";
    case ChangeAction::Import:
      return "import";
    case ChangeAction::Move:
      return "move";
  }
  return "update";
}

std::string_view action_symbol(ChangeAction a) {
  switch (a) {
    case ChangeAction::Create:
      return "+";
    case ChangeAction::Update:
      return "~";
    case ChangeAction::Replace:
      return "-/+";
    case ChangeAction::Delete:
      return "-";
    case ChangeAction::Read:
      return "<=";
    case ChangeAction::Forget:
      return ".";
    case ChangeAction::Import:
      return "<-";
    case ChangeAction::Move:
      return "->";
  }
  return "~";
}

std::string_view risk_level_name(RiskLevel level) {
  switch (level) {
    case RiskLevel::Warning:
      return "warning";
    case RiskLevel::Danger:
      return "danger";
    case RiskLevel::Blocked:
      return "blocked";
  }
  return "danger";
}

std::optional<RiskLevel> risk_level_named(std::string_view name) {
  for (RiskLevel level : {RiskLevel::Warning, RiskLevel::Danger, RiskLevel::Blocked}) {
    if (risk_level_name(level) == name) return level;
  }
  return std::nullopt;
}

std::string_view status_name(TargetStatus s) {
  switch (s) {
    case TargetStatus::Added:
      return "added";
    case TargetStatus::Changed:
      return "changed";
    case TargetStatus::Removed:
      return "removed";
    case TargetStatus::Unchanged:
      return "unchanged";
  }
  return "unchanged";
}

}  // namespace infrac
