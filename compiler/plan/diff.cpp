#include "plan/diff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "base/fs.h"
#include "lower/cloud_tables.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

struct Leaf {
  std::string value;
  Location origin;
};
using Flat = std::map<std::string, Leaf>;

void flatten(const KValue& v, const std::string& path, Location inherited, Flat& out) {
  Location at = v.origin.known() ? v.origin : inherited;
  switch (v.kind) {
    case KValue::Kind::Map:
      if (v.entries.empty()) out[path] = {"{}", at};
      for (const auto& e : v.entries)
        flatten(e.value, path.empty() ? e.key : path + "." + e.key, at, out);
      return;
    case KValue::Kind::List:
      if (v.items.empty()) out[path] = {"[]", at};
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        flatten(v.items[i], path + "[" + std::to_string(i) + "]", at, out);
      }
      return;
    case KValue::Kind::String:
      out[path] = {v.text, at};
      return;
    case KValue::Kind::Int:
      out[path] = {std::to_string(v.integer), at};
      return;
    case KValue::Kind::Bool:
      out[path] = {v.boolean ? "true" : "false", at};
      return;
    case KValue::Kind::Null:
      out[path] = {"null", at};
      return;
  }
}

void flatten(const TfExpr& e, const std::string& path, Location inherited, Flat& out) {
  Location at = e.origin.known() ? e.origin : inherited;
  switch (e.kind) {
    case TfExpr::Kind::Object:
      if (e.entries.empty()) out[path] = {"{}", at};
      for (const auto& i : e.entries) flatten(i.value, path + "." + i.key, at, out);
      return;
    case TfExpr::Kind::List:
      if (e.items.empty()) out[path] = {"[]", at};
      for (std::size_t i = 0; i < e.items.size(); ++i)
        flatten(e.items[i], path + "[" + std::to_string(i) + "]", at, out);
      return;
    case TfExpr::Kind::String:
    case TfExpr::Kind::Reference:
      out[path] = {e.text, at};
      return;
    case TfExpr::Kind::Number:
      out[path] = {std::to_string(e.number), at};
      return;
    case TfExpr::Kind::Bool:
      out[path] = {e.boolean ? "true" : "false", at};
      return;
    case TfExpr::Kind::Null:
      out[path] = {"null", at};
      return;
  }
}

void flatten(const TfBlock& b, const std::string& path, Flat& out) {
  for (const auto& a : b.attributes)
    flatten(a.value, path.empty() ? a.name : path + "." + a.name, b.origin, out);
  for (const auto& inner : b.blocks) {
    std::string p = path.empty() ? inner.type : path + "." + inner.type;
    for (const auto& l : inner.labels) p += "[" + l + "]";
    flatten(inner, p, out);
  }
}

struct Item {
  std::string kind;
  Flat flat;
  Location origin;
};

std::map<std::string, Item> terraform_items(const TfModule& m) {
  std::map<std::string, Item> out;
  for (const auto& file : m.files) {
    for (const auto& b : file.blocks) {
      std::string address = b.type == "terraform" ? "terraform"
                            : b.type == "module"
                                ? "module." + b.labels[0]
                                : b.type + "." + (b.labels.empty() ? "" : b.labels[0]);
      if (b.type == "terraform") {
        // versions.tf and backend.tf both hold a terraform block.
        address = b.blocks.size() == 1 && b.blocks[0].type == "backend" ? "terraform.backend"
                                                                        : "terraform";
      }
      Item item{b.type == "module" ? b.called_module : b.type, {}, b.origin};
      flatten(b, "", item.flat);
      out[address] = std::move(item);
    }
  }
  return out;
}

std::map<std::string, Item> kubernetes_items(const std::vector<KObject>& objects) {
  std::map<std::string, Item> out;
  for (const auto& o : objects) {
    Item item{o.kind, {}, o.origin};
    flatten(o.body, "", o.origin, item.flat);
    out[o.address()] = std::move(item);
  }
  return out;
}

bool stateful(const std::string& kind) {
  return kind == "aws/postgres" || kind == "aws/redis" || kind == "aws/bucket" ||
         kind == "aws/queue" || kind == "gcp/postgres" || kind == "gcp/redis" ||
         kind == "gcp/bucket" || kind == "gcp/queue";
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

std::vector<Change> diff_items(const std::map<std::string, Item>& before,
                               const std::map<std::string, Item>& after, bool terraform) {
  std::vector<Change> out;
  std::set<std::string> addresses;
  for (const auto& [a, _] : before) addresses.insert(a);
  for (const auto& [a, _] : after) addresses.insert(a);
  for (const auto& address : addresses) {
    auto b = before.find(address);
    auto a = after.find(address);
    Change c;
    c.address = address;
    if (b == before.end()) {
      c.action = ChangeAction::Create;
      c.kind = a->second.kind;
      c.origin = a->second.origin;
      c.reason = "new in the spec";
    } else if (a == after.end()) {
      c.action = ChangeAction::Delete;
      c.kind = b->second.kind;
      c.origin = b->second.origin;
      c.reason = "no longer in the spec";
    } else {
      c.kind = a->second.kind;
      c.origin = a->second.origin;
      std::set<std::string> paths;
      for (const auto& [p, _] : b->second.flat) paths.insert(p);
      for (const auto& [p, _] : a->second.flat) paths.insert(p);
      for (const auto& p : paths) {
        auto x = b->second.flat.find(p);
        auto y = a->second.flat.find(p);
        bool had = x != b->second.flat.end(), has = y != a->second.flat.end();
        if (had && has && x->second.value == y->second.value) continue;
        AttributeChange ac{p, had ? x->second.value : "", has ? y->second.value : "", had, has};
        if (has && y->second.origin.known() && !c.attributes.size()) c.origin = y->second.origin;
        c.attributes.push_back(std::move(ac));
      }
      if (c.attributes.empty()) continue;
      c.action = ChangeAction::Update;
      if (terraform) {
        std::string forcing = forcing_attribute(c.kind, c.attributes);
        if (!forcing.empty()) {
          c.action = ChangeAction::Replace;
          c.reason = "replace: " + forcing + " changes, which forces replacement";
        }
      }
      if (c.reason.empty()) {
        c.reason = std::to_string(c.attributes.size()) + " attribute" +
                   (c.attributes.size() == 1 ? "" : "s") + " change" +
                   (c.attributes.size() == 1 ? "s" : "");
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string first_value(const Item* item, const std::string& path) {
  if (!item) return {};
  auto it = item->flat.find(path);
  return it == item->flat.end() ? std::string() : it->second.value;
}

void add_risks(TargetPlan& tp, const std::map<std::string, Item>& k_before,
               const std::map<std::string, Item>& k_after, bool production) {
  for (const auto& c : tp.terraform) {
    if (stateful(c.kind) &&
        (c.action == ChangeAction::Delete || c.action == ChangeAction::Replace)) {
      tp.risks.push_back(
          {"danger",
           std::string(c.action == ChangeAction::Delete ? "deletes " : "replaces ") + c.kind + " " +
               c.address + " in " + tp.target + ": its data is lost" +
               (c.action == ChangeAction::Replace ? " (" + c.reason.substr(9) + ")" : ""),
           c.origin});
    }
    if (c.kind == "gcp/cloudrun-service") {
      // Traffic moves: a new service takes requests, one stops, or the split changes.
      std::string percent, stable;
      for (const auto& a : c.attributes) {
        if (a.path == "traffic_percent" && (a.had_before || a.has_after))
          percent = a.had_before && a.has_after ? a.before + "% → " + a.after + "%" : "";
        if (a.path == "stable_revision") stable = a.has_after ? a.after : a.before;
      }
      if (c.action == ChangeAction::Create) {
        tp.risks.push_back(
            {"danger",
             c.address + " in " + tp.target +
                 " starts serving on Cloud Run: traffic moves to it once its callers "
                 "or the gateway point at it",
             c.origin});
      } else if (c.action == ChangeAction::Delete) {
        tp.risks.push_back({"danger",
                            c.address + " in " + tp.target +
                                " stops serving on Cloud Run: its traffic has nowhere to go",
                            c.origin});
      } else if (!percent.empty()) {
        tp.risks.push_back({"danger",
                            "traffic of " + c.address + " in " + tp.target +
                                " to the new revision moves " + percent +
                                (stable.empty() ? "" : " (the rest stays on " + stable + ")"),
                            c.origin});
      }
    }
    if (c.kind == "aws/postgres" || c.kind == "aws/redis") {
      for (const auto& a : c.attributes) {
        if (a.path == "engine_version" && a.had_before && a.has_after) {
          tp.risks.push_back({"danger",
                              c.address + " in " + tp.target + " changes engine version " +
                                  a.before + " → " + a.after + ": plan the upgrade window",
                              c.origin});
        }
      }
    }
    if (c.kind == "aws/workload-identity" || c.kind == "gcp/workload-identity") {
      for (const auto& a : c.attributes) {
        if ((a.path.rfind("bucket_arns", 0) == 0 || a.path.rfind("queue_arns", 0) == 0 ||
             a.path.rfind("bucket_names", 0) == 0 || a.path.rfind("topic_names", 0) == 0 ||
             a.path.rfind("subscription_names", 0) == 0 ||
             a.path.rfind("sql_instance_names", 0) == 0) &&
            a.has_after && !a.had_before) {
          tp.risks.push_back(
              {"warning", "the IAM role of " + tp.target + " gains access: " + a.after, c.origin});
        }
      }
    }
  }
  bool workloads_deleted = false, run_created = false;
  for (const auto& c : tp.kubernetes)
    workloads_deleted |= c.kind == "Deployment" && c.action == ChangeAction::Delete;
  for (const auto& c : tp.terraform)
    run_created |= c.kind == "gcp/cloudrun-service" && c.action == ChangeAction::Create;
  if (workloads_deleted && run_created) {
    tp.risks.insert(tp.risks.begin(),
                    {"danger",
                     tp.target + " moves from Kubernetes to Cloud Run: live traffic moves; apply "
                                 "the Terraform side and check the new service before the "
                                 "Kubernetes workloads are deleted",
                     tp.terraform.empty() ? Location{} : tp.terraform.front().origin});
  }
  for (const auto& c : tp.kubernetes) {
    if (c.kind == "HTTPRoute") {
      auto b = k_before.find(c.address);
      auto a = k_after.find(c.address);
      std::string host_before =
          first_value(b == k_before.end() ? nullptr : &b->second, "spec.hostnames[0]");
      std::string host_after =
          first_value(a == k_after.end() ? nullptr : &a->second, "spec.hostnames[0]");
      std::string path_before = first_value(b == k_before.end() ? nullptr : &b->second,
                                            "spec.rules[0].matches[0].path.value");
      std::string path_after = first_value(a == k_after.end() ? nullptr : &a->second,
                                           "spec.rules[0].matches[0].path.value");
      if (c.action == ChangeAction::Create) {
        tp.risks.push_back({"danger",
                            tp.target + " becomes public at https://" + host_after + path_after,
                            c.origin});
      } else if (c.action == ChangeAction::Delete) {
        tp.risks.push_back(
            {"danger", tp.target + " is no longer public at https://" + host_before + path_before,
             c.origin});
      } else if (host_before != host_after || path_before != path_after) {
        tp.risks.push_back({"danger",
                            "the public URL of " + tp.target + " changes: https://" + host_before +
                                path_before + " → https://" + host_after + path_after,
                            c.origin});
      }
    }
    if (production && (c.kind == "Deployment" || c.kind == "HorizontalPodAutoscaler") &&
        c.action == ChangeAction::Update) {
      for (const auto& a : c.attributes) {
        if ((a.path == "spec.replicas" || a.path == "spec.minReplicas") && a.had_before &&
            a.has_after && std::atoll(a.after.c_str()) < std::atoll(a.before.c_str())) {
          tp.risks.push_back(
              {"danger",
               c.address + " in " + tp.target + " drops replicas " + a.before + " → " + a.after,
               c.origin});
        }
      }
    }
  }
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

std::map<std::string, std::string> input_files(const fs::path& root) {
  std::map<std::string, std::string> out;
  auto add = [&](const fs::path& p) {
    ReadResult r = read_text_file(p, 1u << 20);
    if (r.text) out[display_path(p, root)] = *r.text;
  };
  std::error_code ec;
  if (fs::exists(root / "infrac.yaml", ec)) add(root / "infrac.yaml");
  for (const char* dir : {"services", "policies", "modules"}) {
    if (!fs::is_directory(root / dir, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root / dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) add(it->path());
    }
  }
  return out;
}

}  // namespace

std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after, int context) {
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
  (void)context;
  d.printUnifiedFormat(os);
  return os.str();
}

std::vector<std::string> changed_input_files(const fs::path& base_root, const fs::path& head_root) {
  std::vector<std::string> out;
  auto base_inputs = input_files(base_root);
  auto head_inputs = input_files(head_root);
  std::set<std::string> names;
  for (const auto& [p, _] : base_inputs) names.insert(p);
  for (const auto& [p, _] : head_inputs) names.insert(p);
  for (const auto& p : names) {
    auto b = base_inputs.find(p);
    auto h = head_inputs.find(p);
    if (b == base_inputs.end() || h == head_inputs.end() || b->second != h->second)
      out.push_back(p);
  }
  return out;
}

Plan diff_compilations(const DiffInputs& in) {
  Plan plan;
  // Inputs that changed: the reasons of each target, and the blast radius of shared ones.
  plan.changed_inputs =
      in.changed_inputs ? *in.changed_inputs : changed_input_files(in.base_root, in.head_root);
  std::vector<std::string> shared;
  for (const auto& p : plan.changed_inputs) {
    if (p.rfind("services/", 0) != 0) shared.push_back(p);
  }

  struct Pair {
    const Target* base = nullptr;
    const TargetOutput* base_out = nullptr;
    const Target* head = nullptr;
    const TargetOutput* head_out = nullptr;
  };
  std::map<std::pair<std::size_t, std::string>, Pair> pairs;  // (env order, service)
  auto env_index = [&](const std::string& env) {
    const auto& envs =
        in.head.model ? in.head.model->project.environments : in.base.model->project.environments;
    for (std::size_t i = 0; i < envs.size(); ++i) {
      if (envs[i].name == env) return i;
    }
    return envs.size();
  };
  if (in.base.model) {
    for (std::size_t i = 0; i < in.base.model->targets.size(); ++i) {
      const Target& t = in.base.model->targets[i];
      auto& p = pairs[{env_index(t.env), t.service}];
      p.base = &t;
      p.base_out = &in.base.targets[i];
    }
  }
  if (in.head.model) {
    for (std::size_t i = 0; i < in.head.model->targets.size(); ++i) {
      const Target& t = in.head.model->targets[i];
      auto& p = pairs[{env_index(t.env), t.service}];
      p.head = &t;
      p.head_out = &in.head.targets[i];
    }
  }
  static const TfModule empty_module;
  static const std::vector<KObject> no_objects;
  for (const auto& [key, p] : pairs) {
    const Target& any = p.head ? *p.head : *p.base;
    TargetPlan tp;
    tp.target = any.id();
    tp.env = any.env;
    tp.service = any.service;
    auto tf_before = terraform_items(p.base_out ? p.base_out->terraform : empty_module);
    auto tf_after = terraform_items(p.head_out ? p.head_out->terraform : empty_module);
    auto k_before = kubernetes_items(p.base_out ? p.base_out->kubernetes : no_objects);
    auto k_after = kubernetes_items(p.head_out ? p.head_out->kubernetes : no_objects);
    tp.terraform = diff_items(tf_before, tf_after, true);
    tp.kubernetes = diff_items(k_before, k_after, false);
    // A repository module that changed reaches every call of it, even when the call itself
    // (the generated root module) is byte-for-byte the same.
    for (const auto& [address, item] : tf_after) {
      if (item.kind.find('/') == std::string::npos) continue;
      std::string prefix = "modules/" + item.kind + "/";
      std::string changed_file;
      for (const auto& f : plan.changed_inputs) {
        if (f.rfind(prefix, 0) == 0) changed_file = f;
      }
      if (changed_file.empty() || !tf_before.count(address)) continue;
      bool listed = false;
      for (const auto& c : tp.terraform) listed = listed || c.address == address;
      if (listed) continue;
      Change c;
      c.address = address;
      c.kind = item.kind;
      c.action = ChangeAction::Update;
      c.reason = "module " + item.kind + " changed (" + changed_file +
                 "): run terraform plan for the effect";
      c.origin = item.origin;
      tp.terraform.push_back(std::move(c));
    }
    tp.status = !p.base                                           ? TargetStatus::Added
                : !p.head                                         ? TargetStatus::Removed
                : (tp.terraform.empty() && tp.kubernetes.empty()) ? TargetStatus::Unchanged
                                                                  : TargetStatus::Changed;
    bool production = cloud_table(Cloud::Aws).is_production(tp.env);
    add_risks(tp, k_before, k_after, production);
    for (const auto& d : any.dependencies) tp.dependencies.push_back(d.service);
    if (p.base && p.head) {
      std::vector<std::string> before, after;
      for (const auto& d : p.base->dependencies) before.push_back(d.service);
      for (const auto& d : p.head->dependencies) after.push_back(d.service);
      std::sort(before.begin(), before.end());
      std::sort(after.begin(), after.end());
      tp.wiring_changed = before != after;
    } else {
      tp.wiring_changed = true;
    }
    if (tp.status != TargetStatus::Unchanged) {
      std::string service_file = "services/" + tp.service + "/service.yaml";
      if (std::find(plan.changed_inputs.begin(), plan.changed_inputs.end(), service_file) !=
          plan.changed_inputs.end()) {
        tp.reasons.push_back(service_file);
      }
      for (const auto& s : shared) tp.reasons.push_back(s);
      if (tp.reasons.empty()) tp.reasons.push_back("infrac itself (stdlib, modules or version)");
      if (!shared.empty()) plan.blast_radius[tp.env] += 1;
      for (const char* dir : {"terraform/", "kubernetes/"}) {
        std::string prefix = std::string(dir) + tp.env + "/" + tp.service + "/";
        auto before_files = files_by_path(in.base.output, prefix);
        auto after_files = files_by_path(in.head.output, prefix);
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
    for (const auto& f : in.head.findings) {
      if (f.target == tp.target) tp.violations.push_back(f);
    }
    plan.targets.push_back(std::move(tp));
  }

  // Exceptions added or extended: accountability changes that reviewers must see.
  for (const auto& x : in.head.policies.exceptions) {
    const PolicyException* old = nullptr;
    for (const auto& y : in.base.policies.exceptions) {
      if (y.rule == x.rule && y.services == x.services && y.targets == x.targets) old = &y;
    }
    std::string scope;
    for (const auto& s : x.services) scope += (scope.empty() ? "" : ", ") + s;
    for (const auto& s : x.targets) scope += (scope.empty() ? "" : ", ") + s;
    if (!old) {
      plan.risks.push_back({"danger",
                            "new exception to " + x.rule + " for " + scope + " until " + x.expires +
                                " (owner " + x.owner + ")",
                            x.location});
    } else if (old->expires_day < x.expires_day) {
      plan.risks.push_back({"danger",
                            "exception to " + x.rule + " for " + scope + " extended from " +
                                old->expires + " to " + x.expires,
                            x.location});
    }
  }
  if (!shared.empty()) {
    std::string list;
    for (const auto& s : shared) list += (list.empty() ? "" : ", ") + s;
    std::string counts;
    for (const auto& [env, n] : plan.blast_radius)
      counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " in " + env;
    plan.risks.push_back({"warning",
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
  }
  return "~";
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
