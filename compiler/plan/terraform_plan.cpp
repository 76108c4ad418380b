#include "plan/terraform_plan.h"

#include <nlohmann/json.hpp>
#include <set>

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

ChangeAction action_of(const json& actions, bool& counted, bool& read) {
  counted = true;
  read = false;
  std::vector<std::string> a;
  for (const auto& x : actions) a.push_back(x.is_string() ? x.get<std::string>() : "");
  if (a == std::vector<std::string>{"create"}) return ChangeAction::Create;
  if (a == std::vector<std::string>{"update"}) return ChangeAction::Update;
  if (a == std::vector<std::string>{"delete"}) return ChangeAction::Delete;
  if (a.size() == 2 &&
      ((a[0] == "delete" && a[1] == "create") || (a[0] == "create" && a[1] == "delete"))) {
    return ChangeAction::Replace;
  }
  if (a == std::vector<std::string>{"read"}) {
    read = true;
    return ChangeAction::Read;
  }
  counted = false;  // no-op, or an action this version does not know: shown nowhere
  return ChangeAction::Update;
}

std::string read_one(const TerraformPlanInput& file, Plan& plan) {
  int deepest = 0;
  json::parser_callback_t guard = [&deepest](int depth, json::parse_event_t, json&) {
    deepest = std::max(deepest, depth);
    return depth <= kMaxDepth;
  };
  json j = json::parse(file.text, guard, false);
  if (deepest > kMaxDepth)
    return file.name + ": nested deeper than " + std::to_string(kMaxDepth) + " levels";
  if (j.is_discarded() || !j.is_object()) {
    return file.name +
           ": not JSON (pass the output of `terraform show -json PLANFILE`, not the log around it)";
  }
  if (!j.contains("format_version") || !j["format_version"].is_string()) {
    return file.name + ": no format_version: not a Terraform JSON plan";
  }
  std::string version = j["format_version"].get<std::string>();
  if (version.substr(0, version.find('.')) != "1") {
    return file.name + ": format_version " + version + " is not supported (1.x is)";
  }
  if (!j.contains("resource_changes")) {
    return file.name +
           ": no resource_changes: a state file or `terraform show -json` without a plan file?";
  }
  TargetPlan tp;
  tp.target = file.name;
  tp.env = "terraform";
  tp.service = file.name;
  for (const auto& rc : j["resource_changes"]) {
    if (!rc.is_object() || !rc.contains("change")) continue;
    const json& change = rc["change"];
    bool counted = false, read = false;
    ChangeAction action = action_of(change.value("actions", json::array()), counted, read);
    if (!counted) continue;
    Change c;
    c.address = rc.value("address", "");
    c.kind = rc.value("type", "");
    c.action = action;
    if (read) c.kind = "data." + c.kind;
    Values before, after;
    static const json none;
    auto field = [&](const char* k) -> const json* {
      return change.contains(k) ? &change[k] : nullptr;
    };
    if (const json* b = field("before"))
      flatten(*b, field("before_sensitive"), nullptr, "", before);
    if (const json* a = field("after"))
      flatten(*a, field("after_sensitive"), field("after_unknown"), "", after);
    if (const json* u = field("after_unknown"); u && !field("after"))
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
      for (const auto& path : change.value("replace_paths", json::array())) {
        std::string p;
        for (const auto& step : path)
          p += (p.empty() ? "" : ".") + (step.is_string() ? step.get<std::string>() : step.dump());
        forcing += (forcing.empty() ? "" : ", ") + p;
      }
      c.reason = forcing.empty() ? "replace" : "replace: " + forcing + " forces replacement";
      tp.risks.push_back(
          {"danger", "replaces " + c.address + (forcing.empty() ? "" : " (" + forcing + ")"), {}});
    } else if (action == ChangeAction::Delete) {
      c.reason = rc.value("action_reason", "delete");
      tp.risks.push_back({"danger", "deletes " + c.address, {}});
    } else {
      c.reason =
          read ? "read during apply" : std::to_string(c.attributes.size()) + " attribute(s) change";
    }
    if (action != ChangeAction::Delete && change.contains("after") && change["after"].is_object()) {
      Node planned;
      planned.kind = NodeKind::Map;
      Node kind, name;
      kind.kind = name.kind = NodeKind::String;
      kind.text = rc.value("type", "");
      name.text = c.address;
      planned.entries.push_back({"kind", {}, std::move(kind)});
      planned.entries.push_back({"name", {}, std::move(name)});
      planned.entries.push_back(
          {"args", {}, to_node(change["after"], field("after_sensitive"), field("after_unknown"))});
      tp.planned.push_back(std::move(planned));
    }
    tp.terraform.push_back(std::move(c));
  }
  for (const auto& drift : j.value("resource_drift", json::array())) {
    if (drift.is_object()) {
      tp.risks.push_back(
          {"warning",
           "drift: " + drift.value("address", std::string("?")) + " changed outside Terraform",
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
    std::string error = read_one(f, plan);
    if (!error.empty()) return error;
  }
  return {};
}

}  // namespace infrac
