#include "plan/terraform_plan.h"

#include <nlohmann/json.hpp>
#include <set>

#include "base/utf8.h"
#include "policy/views.h"

namespace infrac {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 128;

// path -> (what may be shown, what decides whether it changed). A sensitive value is never
// shown, but two different sensitive values are still a change.
using Values = std::map<std::string, std::pair<std::string, std::string>>;

void flatten(const json& v, const json* sensitive, const json* unknown, const std::string& path,
             Values& out) {
  bool is_sensitive = sensitive && sensitive->is_boolean() && sensitive->get<bool>();
  bool is_unknown = unknown && unknown->is_boolean() && unknown->get<bool>();
  if (is_unknown) {
    out[path] = {"(known after apply)", "\x01unknown"};
    return;
  }
  if (is_sensitive) {
    out[path] = {"(sensitive value)", v.dump()};
    return;
  }
  auto child = [](const json* parent, const std::string& key) -> const json* {
    if (!parent || !parent->is_object()) return nullptr;
    auto it = parent->find(key);
    return it == parent->end() ? nullptr : &*it;
  };
  auto item = [](const json* parent, std::size_t i) -> const json* {
    return parent && parent->is_array() && i < parent->size() ? &(*parent)[i] : nullptr;
  };
  if (v.is_object()) {
    for (const auto& [k, x] : v.items())
      flatten(x, child(sensitive, k), child(unknown, k), path.empty() ? k : path + "." + k, out);
    if (unknown && unknown->is_object()) {  // keys only known after apply
      for (const auto& [k, x] : unknown->items()) {
        if (x.is_boolean() && x.get<bool>() && !v.contains(k)) {
          out[path.empty() ? k : path + "." + k] = {"(known after apply)", "\x01unknown"};
        }
      }
    }
    return;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i)
      flatten(v[i], item(sensitive, i), item(unknown, i), path + "[" + std::to_string(i) + "]",
              out);
    return;
  }
  if (v.is_null()) return;
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  out[path] = {text, text};
}

// The planned values as a tree policies can read; a sensitive value never reaches a rule's
// message, an unknown one is judged by no rule.
Node to_node(const json& v, const json* sensitive, const json* unknown) {
  Node n;
  if ((sensitive && sensitive->is_boolean() && sensitive->get<bool>())) {
    n.kind = NodeKind::String;
    n.text = "(sensitive value)";
    return n;
  }
  if (unknown && unknown->is_boolean() && unknown->get<bool>()) return unknown_value({});
  auto child = [](const json* parent, const std::string& key) -> const json* {
    if (!parent || !parent->is_object()) return nullptr;
    auto it = parent->find(key);
    return it == parent->end() ? nullptr : &*it;
  };
  if (v.is_object()) {
    n.kind = NodeKind::Map;
    for (const auto& [k, x] : v.items())
      n.entries.push_back({k, {}, to_node(x, child(sensitive, k), child(unknown, k))});
  } else if (v.is_array()) {
    n.kind = NodeKind::Seq;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const json* s =
          sensitive && sensitive->is_array() && i < sensitive->size() ? &(*sensitive)[i] : nullptr;
      const json* u =
          unknown && unknown->is_array() && i < unknown->size() ? &(*unknown)[i] : nullptr;
      n.items.push_back(to_node(v[i], s, u));
    }
  } else if (v.is_boolean()) {
    n.kind = NodeKind::Bool;
    n.text = v.get<bool>() ? "true" : "false";
  } else if (v.is_number_integer()) {
    n.kind = NodeKind::Int;
    n.text = v.dump();
  } else if (v.is_number()) {
    n.kind = NodeKind::Float;
    n.text = v.dump();
  } else if (v.is_string()) {
    n.kind = NodeKind::String;
    n.text = v.get<std::string>();
  }
  return n;
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string text_of(const json& object, const char* key, const std::string& otherwise = "") {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : otherwise;
}

// Terraform's actions (json-format "Change Representation"): ["no-op"], ["create"], ["read"],
// ["update"], ["delete", "create"] and ["create", "delete"] (replace), ["delete"], and since
// Terraform 1.7 ["forget"] (removed from state, not destroyed). Whatever is unknown is shown
// nowhere (counted = false).
ChangeAction action_of(const json* actions, bool& counted) {
  counted = true;
  std::vector<std::string> a;
  if (actions && actions->is_array()) {
    for (const auto& x : *actions) a.push_back(x.is_string() ? x.get<std::string>() : "");
  }
  if (a == std::vector<std::string>{"create"}) return ChangeAction::Create;
  if (a == std::vector<std::string>{"update"}) return ChangeAction::Update;
  if (a == std::vector<std::string>{"delete"}) return ChangeAction::Delete;
  if (a == std::vector<std::string>{"forget"}) return ChangeAction::Forget;
  if (a.size() == 2 &&
      ((a[0] == "delete" && a[1] == "create") || (a[0] == "create" && a[1] == "delete"))) {
    return ChangeAction::Replace;
  }
  if (a == std::vector<std::string>{"read"}) return ChangeAction::Read;
  counted = false;  // no-op, or an action this version does not know
  return ChangeAction::Update;
}

// The file as JSON: any BOM or UTF-16 decoded, depth capped, and a Terraform plan of a format
// version this reader knows: 0.1 (Terraform 0.12–0.14), 0.2 (0.15–1.0) and 1.x (1.1 on).
std::string parse_plan(const TerraformPlanInput& file, json& j) {
  std::string text;
  std::string error = to_utf8(file.text, text);
  if (!error.empty()) return file.name + ": " + error;
  int deepest = 0;
  json::parser_callback_t guard = [&deepest](int depth, json::parse_event_t, json&) {
    deepest = std::max(deepest, depth);
    return depth <= kMaxDepth;
  };
  j = json::parse(text, guard, false);
  if (deepest > kMaxDepth)
    return file.name + ": nested deeper than " + std::to_string(kMaxDepth) + " levels";
  if (j.is_discarded() || !j.is_object()) {
    return file.name +
           ": not JSON (pass the output of `terraform show -json PLANFILE`, not the log around it)";
  }
  const json* version = member(j, "format_version");
  if (!version || !version->is_string()) {
    return file.name + ": no format_version: not a Terraform JSON plan";
  }
  std::string v = version->get<std::string>();
  std::string major = v.substr(0, v.find('.'));
  if (!(v == "0.1" || v == "0.2" || major == "1")) {
    return file.name + ": format_version " + v +
           " is not supported (0.1 and 0.2 from Terraform 0.12–1.0, and 1.x, are)";
  }
  // A plan has planned values; a state (`terraform show -json` without a plan file) has values.
  // Terraform leaves resource_changes out of a plan with no changes.
  bool plan = member(j, "planned_values") || member(j, "resource_changes") ||
              member(j, "output_changes") || member(j, "prior_state");
  if (!plan) {
    return file.name +
           ": no planned_values or resource_changes: a state file, or `terraform show -json` "
           "without a plan file?";
  }
  return {};
}

Change resource_change(const json& rc, ChangeAction action, TargetPlan& tp) {
  const json& change = rc["change"];
  Change c;
  c.address = text_of(rc, "address");
  c.kind = text_of(rc, "type");
  c.action = action;
  if (action == ChangeAction::Read) c.kind = "data." + c.kind;
  Values before, after;
  static const json none;
  if (const json* b = member(change, "before"))
    flatten(*b, member(change, "before_sensitive"), nullptr, "", before);
  if (const json* a = member(change, "after"))
    flatten(*a, member(change, "after_sensitive"), member(change, "after_unknown"), "", after);
  if (const json* u = member(change, "after_unknown"); u && !member(change, "after"))
    flatten(none, nullptr, u, "", after);
  std::set<std::string> paths;
  for (const auto& [p, _] : before) paths.insert(p);
  for (const auto& [p, _] : after) paths.insert(p);
  for (const auto& p : paths) {
    auto x = before.find(p);
    auto y = after.find(p);
    bool had = x != before.end(), has = y != after.end();
    if (had && has && x->second.second == y->second.second) continue;
    c.attributes.push_back({p, had ? x->second.first : "", has ? y->second.first : "", had, has});
  }
  if (action == ChangeAction::Replace) {
    std::string forcing;
    const json* paths_json = member(change, "replace_paths");  // format 0.2 on
    for (const auto& path : paths_json && paths_json->is_array() ? *paths_json : json::array()) {
      std::string p;
      for (const auto& step : path.is_array() ? path : json::array()) {
        if (!p.empty()) p += '.';
        p += step.is_string() ? step.get<std::string>() : step.dump();
      }
      forcing += (forcing.empty() ? "" : ", ") + p;
    }
    c.reason = forcing.empty() ? "replace" : "replace: " + forcing + " forces replacement";
    tp.risks.push_back({RiskLevel::Danger,
                        "replaces " + c.address + (forcing.empty() ? "" : " (" + forcing + ")"),
                        {}});
  } else if (action == ChangeAction::Delete) {
    c.reason = text_of(rc, "action_reason", "delete");  // format 1.0 on
    tp.risks.push_back({RiskLevel::Danger, "deletes " + c.address, {}});
  } else if (action == ChangeAction::Forget) {
    c.reason = "removed from the state; the object itself is kept";
    tp.risks.push_back(
        {RiskLevel::Warning, "forgets " + c.address + ": Terraform stops managing it", {}});
  } else {
    c.reason = action == ChangeAction::Read
                   ? "read during apply"
                   : std::to_string(c.attributes.size()) + " attribute(s) change";
  }
  return c;
}

void add_planned(const json& rc, const Change& c, TargetPlan& tp) {
  const json& change = rc["change"];
  const json* after = member(change, "after");
  if (c.action == ChangeAction::Delete || c.action == ChangeAction::Forget || !after ||
      !after->is_object())
    return;
  Node planned;
  planned.kind = NodeKind::Map;
  Node kind, name;
  kind.kind = name.kind = NodeKind::String;
  kind.text = text_of(rc, "type");
  name.text = c.address;
  planned.entries.push_back({"kind", {}, std::move(kind)});
  planned.entries.push_back({"name", {}, std::move(name)});
  planned.entries.push_back(
      {"args",
       {},
       to_node(*after, member(change, "after_sensitive"), member(change, "after_unknown"))});
  tp.planned.push_back(std::move(planned));
}

std::string read_one(const TerraformPlanInput& file, Plan& plan) {
  json j;
  std::string error = parse_plan(file, j);
  if (!error.empty()) return error;
  TargetPlan tp;
  tp.target = file.name;
  tp.env = "terraform";
  tp.service = file.name;
  const json* changes = member(j, "resource_changes");
  if (changes && !changes->is_array()) return file.name + ": resource_changes is not a list";
  std::size_t index = 0;
  for (const auto& rc : changes ? *changes : json::array()) {
    std::string where = file.name + ": resource_changes[" + std::to_string(index++) + "]";
    const json* change = member(rc, "change");
    const json* address = member(rc, "address");
    if (!address || !address->is_string()) return where + " has no address";
    if (!change || !change->is_object())
      return where + " (" + address->get<std::string>() + ") has no change";
    const json* actions = member(*change, "actions");
    if (!actions || !actions->is_array() || actions->empty() ||
        !std::all_of(actions->begin(), actions->end(), [](const json& a) { return a.is_string(); }))
      return where + " (" + address->get<std::string>() + ") has no list of actions";
    bool counted = false;
    ChangeAction action = action_of(member(*change, "actions"), counted);
    // Terraform 1.5+: change.importing (an import {} block) and previous_address (a moved {}
    // block) come with "no-op" or "update"; both are worth a line of their own.
    const json* importing = member(*change, "importing");
    const json* previous = member(rc, "previous_address");
    bool imports = importing && importing->is_object();
    bool moves = previous && previous->is_string();
    bool no_op = actions->size() == 1 && (*actions)[0] == "no-op";
    if ((imports || moves) && no_op) {
      action = imports ? ChangeAction::Import : ChangeAction::Move;
      counted = true;
    }
    if (!counted) continue;
    Change c = resource_change(rc, action, tp);
    c.importing = imports && action == ChangeAction::Update;
    if (imports)
      c.reason = "imports " + text_of(*importing, "id", "?") + (no_op ? "" : ", then " + c.reason);
    else if (moves)
      c.reason = "moved from " + previous->get<std::string>() + (no_op ? "" : ", then " + c.reason);
    add_planned(rc, c, tp);
    tp.terraform.push_back(std::move(c));
  }
  const json* drift = member(j, "resource_drift");  // format 0.2 on
  for (const auto& d : drift && drift->is_array() ? *drift : json::array()) {
    if (d.is_object()) {
      tp.risks.push_back({RiskLevel::Warning,
                          "drift: " + text_of(d, "address", "?") + " changed outside Terraform",
                          {}});
    }
  }
  tp.status = tp.terraform.empty() ? TargetStatus::Unchanged : TargetStatus::Changed;
  plan.targets.push_back(std::move(tp));
  return {};
}

}  // namespace

std::string read_terraform_plans(const std::vector<TerraformPlanInput>& files, Plan& plan) {
  for (const auto& f : files) {
    std::string error;
    try {
      error = read_one(f, plan);
    } catch (const std::exception& e) {  // a value of the wrong type deep inside: not a plan
      error = f.name + ": not a Terraform plan (" + e.what() + ")";
    }
    if (!error.empty()) return error;
  }
  return {};
}

}  // namespace infrac
