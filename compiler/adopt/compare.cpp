#include "adopt/compare.h"

#include <map>
#include <set>

#include "ir/workload_labels.h"
#include "plan/items.h"

namespace infrac {
namespace {

const Item* single_item(const Items& items) {
  return items.size() == 1 ? &items.begin()->second : nullptr;
}

Item item_of(const KObject& o) {
  Items items = kubernetes_items({o});
  const Item* one = single_item(items);
  return one ? *one : Item{};
}

KObject object_of(const Manifest& m) {
  KObject o;
  o.api_version = m.value.find("apiVersion") ? m.value.find("apiVersion")->text : "";
  o.kind = m.kind;
  o.name = m.name;
  o.ns = m.ns;
  o.body = m.value;
  return o;
}

bool under(const std::string& path, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (path.rfind(prefix, 0) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

std::string explain(const std::string& object, const std::string& kind, const std::string& path,
                    const std::vector<NotCarried>& notes, const std::vector<Rename>& renames) {
  // A path of a renamed element is also its input path.
  std::vector<std::string> paths = {path};
  for (const auto& r : renames)
    if (r.object == object && under(path, r.to)) paths.push_back(r.from + path.substr(r.to.size()));
  for (const auto& n : notes) {
    for (const auto& p : paths) {
      bool whole = p.empty() ? n.path.empty() : (under(p, n.path) || under(n.path, p));
      if (n.object == object && whole)
        return (n.rewritten ? "written differently: " : "not carried: ") + n.reason;
    }
  }
  std::string derived = derived_reason(kind, path);
  return derived.empty() ? "unexplained" : "infrac derives: " + derived;
}

// Why infrac writes an object the input did not have.
std::string added_reason(const std::string& kind) {
  static const std::map<std::string, std::string> reasons = {
      {"Namespace", "every service gets its own namespace"},
      {"ServiceAccount", "every service gets its own identity"},
      {"NetworkPolicy", "ingress and egress are denied by default and opened by the spec"},
      {"PodDisruptionBudget", "components with two or more replicas keep one available"},
      {"ServiceMonitor", "metrics are scraped from the first deploy"},
      {"PrometheusRule", "alerts exist from the first deploy"},
      {"ConfigMap", "plain configuration and dashboards"},
      {"ExternalSecret", "secret references become secrets in the namespace"},
      {"Service", "serving components get a Service"},
      {"HorizontalPodAutoscaler", "components with max > min replicas autoscale"},
      {"HTTPRoute", "the public URL is routed through the project's gateway"},
  };
  auto it = reasons.find(kind);
  return it == reasons.end() ? "infrac writes it for the spec" : it->second;
}

}  // namespace

bool ObjectComparison::unexplained() const {
  if (status == "not built" || status == "added by infrac") return explanation == "unexplained";
  for (const auto& d : differences)
    if (d.explanation == "unexplained") return true;
  return false;
}

namespace {

// A name infrac derives from a definition ends in "-" and eight hex digits (one-shot Jobs).
std::string without_hash(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || name.size() - dash != 9) return name;
  bool hex = name.find_first_not_of("0123456789abcdef", dash + 1) == std::string::npos;
  return hex ? name.substr(0, dash) : name;
}

std::string id_of(const KObject& o) {
  return o.kind + "/" + (o.ns.empty() ? "" : o.ns + "/") + o.name;
}

}  // namespace

std::vector<ObjectComparison> compare_objects(const std::vector<const Manifest*>& inputs,
                                              const std::vector<KObject>& built,
                                              const std::vector<NotCarried>& notes,
                                              const std::vector<Rename>& renames,
                                              const std::map<std::string, std::string>& built_as) {
  std::vector<ObjectComparison> out;
  std::map<std::string, const KObject*> by_name;  // Kind/name: namespaces differ by design
  for (const auto& o : built) by_name[o.kind + "/" + o.name] = &o;
  std::set<const KObject*> matched;
  for (const Manifest* m : inputs) {
    ObjectComparison c;
    c.object = m->id();
    auto as = built_as.find(c.object);
    auto b = by_name.find(as != built_as.end() ? as->second : m->kind + "/" + m->name);
    if (b == by_name.end()) {
      c.status = "not built";
      c.explanation = explain(c.object, m->kind, "", notes, renames);
      for (const auto& o : built) {
        if (o.kind == m->kind && without_hash(o.name) == without_hash(m->name) &&
            o.name != m->name && c.explanation == "unexplained")
          c.explanation =
              "infrac derives: the name hashes the Job's definition (now " + o.name + ")";
      }
      out.push_back(std::move(c));
      continue;
    }
    matched.insert(b->second);
    Item before = item_of(object_of(*m)), after = item_of(*b->second);
    for (const auto& r : renames) {
      if (r.object != c.object) continue;
      std::map<std::string, Leaf> renamed;
      for (auto& [p, leaf] : before.leaves) {
        bool moves = under(p, r.from) && !under(p, r.from + ".name");
        renamed[moves ? r.to + p.substr(r.from.size()) : p] = leaf;
      }
      before.leaves = std::move(renamed);
    }
    std::set<std::string> paths;
    for (const auto& [p, _] : before.leaves) paths.insert(p);
    for (const auto& [p, _] : after.leaves) paths.insert(p);
    for (const auto& p : paths) {
      auto x = before.leaves.find(p), y = after.leaves.find(p);
      bool same =
          x != before.leaves.end() && y != after.leaves.end() && x->second.value == y->second.value;
      if (!same) c.differences.push_back({p, explain(c.object, m->kind, p, notes, renames)});
    }
    c.status = c.differences.empty() ? "same" : "differs";
    out.push_back(std::move(c));
  }
  for (const auto& o : built) {
    if (matched.count(&o)) continue;
    std::string why = o.ns == kPlatformNamespace
                          ? "a PostgreSQL datastore's database roles, set up from the platform "
                            "namespace (the import skips that namespace)"
                          : added_reason(o.kind);
    out.push_back({id_of(o), "added by infrac", why, {}});
  }
  return out;
}

}  // namespace infrac
