#include "policy/rule_paths.h"

#include <algorithm>

#include "base/did_you_mean.h"
#include "policy/subject_shape.h"

namespace infrac {
namespace {

// The caret under segment `index` of `path`; `lead` characters come before the first segment
// (the `$` of a context path).
Location segment_location(const std::string& path, const std::vector<std::string>& segments,
                          std::size_t index, std::size_t lead, Location at) {
  std::size_t offset = lead;
  for (std::size_t i = 0; i < index; ++i) offset += segments[i].size() + 1;
  Node scalar;
  scalar.kind = NodeKind::String;
  scalar.text = path;
  scalar.location = at;
  return location_within(scalar, offset, segments[index].size());
}

void report(Diagnostics& diagnostics, Location at, const std::string& path,
            const std::string& segment, bool below_leaf, const std::vector<std::string_view>& known,
            const std::string& where) {
  Diagnostic& d = diagnostics.add(
      DiagCode::kPolicyUnknownPath, at,
      below_leaf ? "path '" + path + "' goes on below a value: '" + segment + "' cannot be read"
                 : "path '" + path + "': " + where + " has no '" + segment + "'");
  std::string hint = did_you_mean(segment, known);
  std::string listed;
  for (std::size_t i = 0; i < known.size() && i < 12; ++i) {
    listed += (i ? ", " : "") + std::string(known[i]);
  }
  if (known.size() > 12) listed += ", ...";
  d.help = !hint.empty() ? hint + " " : !listed.empty() ? "known here: " + listed + " " : "";
  d.help += "(docs/policy-language.md lists each subject's paths)";
}

bool check_shape(const ShapeNode& root, const std::vector<std::string>& segments,
                 const std::string& path, std::size_t lead, Location at, const ShapeNode** end,
                 Diagnostics& diagnostics) {
  auto problem = walk_shape(root, segments, end);
  if (!problem) return true;
  report(diagnostics, segment_location(path, segments, problem->segment, lead, at), path,
         segments[problem->segment], problem->below_leaf, problem->known, "the subject");
  return false;
}

// What infrac writes at the top of its Kubernetes objects, and `pod`, the pod spec wherever a
// workload keeps it
// (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec).
const std::vector<std::string_view>& kubernetes_top() {
  static const std::vector<std::string_view> keys = {
      "apiVersion", "kind", "metadata", "spec", "data", "stringData", "type", "immutable", "pod"};
  return keys;
}
const std::vector<std::string_view>& pod_spec_fields() {
  static const std::vector<std::string_view> keys = {"activeDeadlineSeconds",
                                                     "affinity",
                                                     "automountServiceAccountToken",
                                                     "containers",
                                                     "dnsConfig",
                                                     "dnsPolicy",
                                                     "enableServiceLinks",
                                                     "ephemeralContainers",
                                                     "hostAliases",
                                                     "hostIPC",
                                                     "hostNetwork",
                                                     "hostPID",
                                                     "hostUsers",
                                                     "hostname",
                                                     "imagePullSecrets",
                                                     "initContainers",
                                                     "nodeName",
                                                     "nodeSelector",
                                                     "os",
                                                     "overhead",
                                                     "preemptionPolicy",
                                                     "priority",
                                                     "priorityClassName",
                                                     "readinessGates",
                                                     "resourceClaims",
                                                     "restartPolicy",
                                                     "runtimeClassName",
                                                     "schedulerName",
                                                     "schedulingGates",
                                                     "securityContext",
                                                     "serviceAccountName",
                                                     "setHostnameAsFQDN",
                                                     "shareProcessNamespace",
                                                     "subdomain",
                                                     "terminationGracePeriodSeconds",
                                                     "tolerations",
                                                     "topologySpreadConstraints",
                                                     "volumes"};
  return keys;
}

bool check_kubernetes(const std::vector<std::string>& segments, const std::string& path,
                      Location at, Diagnostics& diagnostics) {
  if (segments.empty()) return true;
  auto known = [](const std::vector<std::string_view>& keys, const std::string& key) {
    return key == "*" || std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (!known(kubernetes_top(), segments[0])) {
    report(diagnostics, segment_location(path, segments, 0, 0, at), path, segments[0], false,
           kubernetes_top(), "a Kubernetes object");
    return false;
  }
  if (segments[0] == "pod" && segments.size() > 1 && !known(pod_spec_fields(), segments[1])) {
    report(diagnostics, segment_location(path, segments, 1, 0, at), path, segments[1], false,
           pod_spec_fields(), "a PodSpec");
    return false;
  }
  return true;
}

}  // namespace

bool check_rule_paths(const Rule& rule, Diagnostics& diagnostics) {
  bool ok = true;
  const ShapeNode* element = &service_subject_shape();
  bool service = rule.subject == Subject::Service;
  if (service && !rule.for_each.empty()) {
    if (!check_shape(service_subject_shape(), rule.for_each_segments, rule.for_each, 0,
                     rule.for_each_location, &element, diagnostics)) {
      return false;
    }
  }
  // A kubernetes for_each is checked from the object; paths under it are the element's own.
  if (rule.subject == Subject::Kubernetes && !rule.for_each.empty()) {
    ok = check_kubernetes(rule.for_each_segments, rule.for_each, rule.for_each_location,
                          diagnostics);
  }
  for (const auto* list : {&rule.when, &rule.asserts}) {
    for (const auto& c : *list) {
      if (!c.segments.empty() && c.segments[0].starts_with("$")) {
        if (c.segments[0] == "$key" && c.segments.size() == 1) continue;
        std::vector<std::string> rest = c.segments;
        rest[0] = rest[0].substr(1);
        ok = check_shape(context_shape(), rest, c.path, 1, c.path_location, nullptr, diagnostics) &&
             ok;
      } else if (service) {
        ok = check_shape(*element, c.segments, c.path, 0, c.path_location, nullptr, diagnostics) &&
             ok;
      } else if (rule.subject == Subject::Kubernetes && rule.for_each.empty()) {
        ok = check_kubernetes(c.segments, c.path, c.path_location, diagnostics) && ok;
      }
    }
  }
  return ok;
}

void check_module_rule_paths(
    const PolicySet& policies,
    const std::function<const ModuleInterfaces&(const std::string& cloud)>& interfaces_of,
    Diagnostics& diagnostics) {
  for (const auto& rule : policies.rules) {
    if (rule.subject != Subject::Terraform || rule.kinds.empty()) continue;
    // Only when every kind is an infrac module: a resource kind has no schema to check.
    std::vector<const ModuleInterface*> modules;
    for (const auto& kind : rule.kinds) {
      auto slash = kind.find('/');
      if (slash == std::string::npos) break;
      const ModuleInterfaces& all = interfaces_of(kind.substr(0, slash));
      auto found = all.find(kind);
      if (found == all.end()) break;
      modules.push_back(found->second.get());
    }
    if (modules.size() != rule.kinds.size()) continue;
    auto check = [&](const std::vector<std::string>& segments, const std::string& path,
                     Location at) {
      if (segments.size() < 2 || segments[0] != "args" || segments[1] == "*") return;
      for (const ModuleInterface* m : modules) {
        if (m->variable(segments[1])) return;
      }
      std::vector<std::string_view> known;
      for (const auto& v : modules.front()->variables) known.push_back(v.name);
      report(diagnostics, segment_location(path, segments, 1, 0, at), path, segments[1], false,
             known, "module " + rule.kinds.front());
    };
    if (!rule.for_each.empty())
      check(rule.for_each_segments, rule.for_each, rule.for_each_location);
    if (!rule.for_each.empty()) continue;  // paths below are the element's own
    for (const auto* list : {&rule.when, &rule.asserts}) {
      for (const auto& c : *list) check(c.segments, c.path, c.path_location);
    }
  }
}

}  // namespace infrac
