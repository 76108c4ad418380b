#include "lower/patch_guard.h"

#include "ir/workload_labels.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "ir/k8s_json.h"

namespace infrac {
namespace {

const KValue* at(const KValue* v, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (!v || v->kind != KValue::Kind::Map) return nullptr;
    v = v->find(k);
  }
  return v;
}

bool absent(const KValue* v) {
  return !v || v->kind == KValue::Kind::Null;
}

bool same(const KValue* a, const KValue* b) {
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  return json_of(*a) == json_of(*b);
}

// The first value of `after` that differs from `before` (depth first): what a patch changed.
const KValue* first_change(const KValue* before, const KValue& after) {
  if (same(before, &after)) return nullptr;
  if (before && before->kind == KValue::Kind::Map && after.kind == KValue::Kind::Map) {
    for (const auto& e : after.entries) {
      if (const KValue* c = first_change(before->find(e.key), e.value)) return c;
    }
  } else if (before && before->kind == KValue::Kind::List && after.kind == KValue::Kind::List) {
    for (std::size_t i = 0; i < after.items.size(); ++i) {
      const KValue* was = i < before->items.size() ? &before->items[i] : nullptr;
      if (const KValue* c = first_change(was, after.items[i])) return c;
    }
  }
  return &after;
}

bool is_true(const KValue* v) {
  return v && v->kind == KValue::Kind::Bool && v->boolean;
}
bool is_false(const KValue* v) {
  return v && v->kind == KValue::Kind::Bool && !v->boolean;
}

bool selector_prefix(const std::string& key) {
  return key.starts_with("app.kubernetes.io/") || key.starts_with("infrac.dev/");
}

// The pod template of a workload (for a Pod, the object itself).
const KValue* pod_template(const KValue& body, const std::string& kind) {
  if (kind == "CronJob") return at(&body, {"spec", "jobTemplate", "spec", "template"});
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "Job" || kind == "Rollout")
    return at(&body, {"spec", "template"});
  if (kind == "Pod") return &body;
  return nullptr;
}

const KValue* named(const KValue* list, const std::string& name) {
  if (!list || list->kind != KValue::Kind::List) return nullptr;
  for (const auto& item : list->items) {
    const KValue* n = item.find("name");
    if (item.kind == KValue::Kind::Map && n && n->text == name) return &item;
  }
  return nullptr;
}

// One property of Pod Security's restricted profile for one container: whether it holds,
// and the value that decides it.
struct Verdict {
  bool holds = true;
  const KValue* culprit = nullptr;
  std::string detail;
};

struct ContainerCheck {
  const char* what;  // "privileged: true", completed with the container's name
  Verdict (*judge)(const KValue& container, const KValue* pod_sc);
};

const ContainerCheck kContainerChecks[] = {
    {"runs privileged",
     [](const KValue& c, const KValue*) {
       const KValue* v = at(&c, {"securityContext", "privileged"});
       return Verdict{!is_true(v), v, ""};
     }},
    {"allows privilege escalation",
     [](const KValue& c, const KValue*) {
       const KValue* v = at(&c, {"securityContext", "allowPrivilegeEscalation"});
       return Verdict{is_false(v), v, ""};
     }},
    {"adds a capability beyond NET_BIND_SERVICE",
     [](const KValue& c, const KValue*) {
       const KValue* add = at(&c, {"securityContext", "capabilities", "add"});
       if (add && add->kind == KValue::Kind::List) {
         for (const auto& cap : add->items) {
           if (cap.text != "NET_BIND_SERVICE") return Verdict{false, &cap, " (" + cap.text + ")"};
         }
       }
       return Verdict{true, add, ""};
     }},
    {"no longer drops every capability",
     [](const KValue& c, const KValue*) {
       const KValue* drop = at(&c, {"securityContext", "capabilities", "drop"});
       bool all = drop && drop->kind == KValue::Kind::List &&
                  std::any_of(drop->items.begin(), drop->items.end(),
                              [](const KValue& x) { return x.text == "ALL"; });
       return Verdict{all, drop, ""};
     }},
    {"may run as root",
     [](const KValue& c, const KValue* pod_sc) {
       const KValue* non_root = at(&c, {"securityContext", "runAsNonRoot"});
       if (absent(non_root)) non_root = at(pod_sc, {"runAsNonRoot"});
       const KValue* user = at(&c, {"securityContext", "runAsUser"});
       if (absent(user)) user = at(pod_sc, {"runAsUser"});
       if (user && user->kind == KValue::Kind::Int && user->integer == 0)
         return Verdict{false, user, " (runAsUser: 0)"};
       return Verdict{is_true(non_root), non_root, ""};
     }},
    {"runs without the RuntimeDefault or Localhost seccomp profile",
     [](const KValue& c, const KValue* pod_sc) {
       const KValue* type = at(&c, {"securityContext", "seccompProfile", "type"});
       if (absent(type)) type = at(pod_sc, {"seccompProfile", "type"});
       bool ok = type && (type->text == "RuntimeDefault" || type->text == "Localhost");
       return Verdict{ok, type, ""};
     }},
    {"has a writable root file system",
     [](const KValue& c, const KValue*) {
       const KValue* v = at(&c, {"securityContext", "readOnlyRootFilesystem"});
       return Verdict{is_true(v), v, ""};
     }},
    // Pod Security's baseline profile:
    // https://kubernetes.io/docs/concepts/security/pod-security-standards/
    {"binds a host port",
     [](const KValue& c, const KValue*) {
       const KValue* ports = at(&c, {"ports"});
       for (std::size_t i = 0; ports && i < ports->items.size(); ++i) {
         const KValue* host = ports->items[i].find("hostPort");
         if (host && host->kind == KValue::Kind::Int && host->integer != 0)
           return Verdict{false, host, " (hostPort: " + std::to_string(host->integer) + ")"};
       }
       return Verdict{true, nullptr, ""};
     }},
    {"unmasks /proc (procMount: Unmasked)",
     [](const KValue& c, const KValue*) {
       const KValue* v = at(&c, {"securityContext", "procMount"});
       return Verdict{!v || v->text != "Unmasked", v, ""};
     }},
    {"runs AppArmor unconfined",
     [](const KValue& c, const KValue* pod_sc) {
       const KValue* type = at(&c, {"securityContext", "appArmorProfile", "type"});
       if (absent(type)) type = at(pod_sc, {"appArmorProfile", "type"});
       return Verdict{!type || type->text != "Unconfined", type, ""};
     }},
    {"sets an SELinux user, role or a type outside the container types",
     [](const KValue& c, const KValue* pod_sc) {
       for (const KValue* se :
            {at(&c, {"securityContext", "seLinuxOptions"}), at(pod_sc, {"seLinuxOptions"})}) {
         if (!se) continue;
         if (const KValue* v = se->find("user"); v && !v->text.empty())
           return Verdict{false, v, ""};
         if (const KValue* v = se->find("role"); v && !v->text.empty())
           return Verdict{false, v, ""};
         const KValue* type = se->find("type");
         static const char* const allowed[] = {"", "container_t", "container_init_t",
                                               "container_kvm_t", "container_engine_t"};
         if (type && std::none_of(std::begin(allowed), std::end(allowed),
                                  [&](const char* a) { return type->text == a; }))
           return Verdict{false, type, " (" + type->text + ")"};
       }
       return Verdict{true, nullptr, ""};
     }},
    {"runs as group root",
     [](const KValue& c, const KValue* pod_sc) {
       const KValue* group = at(&c, {"securityContext", "runAsGroup"});
       if (absent(group)) group = at(pod_sc, {"runAsGroup"});
       bool root = group && group->kind == KValue::Kind::Int && group->integer == 0;
       return Verdict{!root, group, root ? " (runAsGroup: 0)" : ""};
     }},
    {"runs as a Windows host process",
     [](const KValue& c, const KValue* pod_sc) {
       const KValue* v = at(&c, {"securityContext", "windowsOptions", "hostProcess"});
       if (absent(v)) v = at(pod_sc, {"windowsOptions", "hostProcess"});
       return Verdict{!is_true(v), v, ""};
     }},
};

// Sysctls Pod Security's baseline profile allows (the namespaced, safe set).
bool safe_sysctl(const std::string& name) {
  static const char* const safe[] = {"kernel.shm_rmid_forced",
                                     "net.ipv4.ip_local_port_range",
                                     "net.ipv4.ip_unprivileged_port_start",
                                     "net.ipv4.tcp_syncookies",
                                     "net.ipv4.ping_group_range",
                                     "net.ipv4.ip_local_reserved_ports",
                                     "net.ipv4.tcp_keepalive_time",
                                     "net.ipv4.tcp_fin_timeout",
                                     "net.ipv4.tcp_keepalive_intvl",
                                     "net.ipv4.tcp_keepalive_probes"};
  return std::any_of(std::begin(safe), std::end(safe), [&](const char* s) { return name == s; });
}

// Pod-wide settings that widen what its containers share with each other or the node.
void check_pod_isolation(const KValue* spec_before, const KValue& spec_after,
                         std::vector<Weakening>& out) {
  const KValue* share = spec_after.find("shareProcessNamespace");
  if (is_true(share) && !is_true(at(spec_before, {"shareProcessNamespace"})))
    out.push_back(
        {"sets shareProcessNamespace: true (containers see each other's processes)", share});
  const KValue* runtime = spec_after.find("runtimeClassName");
  if (!same(at(spec_before, {"runtimeClassName"}), runtime))
    out.push_back({"changes the pod's runtimeClassName, the sandbox it runs in",
                   runtime ? runtime : &spec_after});
  const KValue* sysctls = at(&spec_after, {"securityContext", "sysctls"});
  for (std::size_t i = 0; sysctls && i < sysctls->items.size(); ++i) {
    const KValue* name = sysctls->items[i].find("name");
    if (name && !safe_sysctl(name->text))
      out.push_back({"sets the sysctl " + name->text + ", outside the safe set", name});
  }
}

void check_pod(const KValue& before, const KValue& after, std::vector<Weakening>& out) {
  const KValue* spec_before = at(&before, {"spec"});
  const KValue* spec_after = at(&after, {"spec"});
  if (!spec_after) {
    if (spec_before) out.push_back({"removes the pod spec", &after});
    return;
  }
  for (const char* host : {"hostNetwork", "hostPID", "hostIPC"}) {
    const KValue* v = spec_after->find(host);
    if (is_true(v) && !is_true(at(spec_before, {host})))
      out.push_back({std::string("sets ") + host + ": true", v});
  }
  check_pod_isolation(spec_before, *spec_after, out);
  for (const char* identity :
       {"serviceAccountName", "serviceAccount", "automountServiceAccountToken"}) {
    const KValue* v = spec_after->find(identity);
    if (!same(at(spec_before, {identity}), v))
      out.push_back({std::string("changes the pod's ") + identity + ", the service's identity",
                     v ? v : spec_after});
  }
  if (const KValue* volumes = spec_after->find("volumes");
      volumes && volumes->kind == KValue::Kind::List) {
    for (const auto& volume : volumes->items) {
      if (!volume.find("hostPath")) continue;
      const KValue* name = volume.find("name");
      const KValue* was = named(at(spec_before, {"volumes"}), name ? name->text : "");
      if (!was || !same(was->find("hostPath"), volume.find("hostPath")))
        out.push_back({"mounts a hostPath volume" + (name ? " (" + name->text + ")" : ""),
                       volume.find("hostPath")});
    }
  }
  // Pod labels under infrac's prefixes: Services, PDBs and NetworkPolicies select by them.
  const KValue* labels_before = at(&before, {"metadata", "labels"});
  const KValue* labels_after = at(&after, {"metadata", "labels"});
  std::vector<std::string> keys;
  for (const KValue* labels : {labels_before, labels_after}) {
    if (!labels) continue;
    for (const auto& e : labels->entries) {
      if (selector_prefix(e.key) && std::find(keys.begin(), keys.end(), e.key) == keys.end())
        keys.push_back(e.key);
    }
  }
  for (const auto& key : keys) {
    const KValue* v = labels_after ? labels_after->find(key) : nullptr;
    if (!same(labels_before ? labels_before->find(key) : nullptr, v))
      out.push_back({"changes the pod label " + key +
                         ", which Services and NetworkPolicies "
                         "select by",
                     v ? v : labels_after});
  }
  const KValue* pod_sc_before = at(spec_before, {"securityContext"});
  const KValue* pod_sc_after = at(spec_after, {"securityContext"});
  // The pod's own defaults, which every container without a setting of its own inherits.
  if (is_true(at(pod_sc_before, {"runAsNonRoot"})) &&
      !is_true(at(pod_sc_after, {"runAsNonRoot"}))) {
    const KValue* v = at(pod_sc_after, {"runAsNonRoot"});
    out.push_back({"the pod no longer sets runAsNonRoot: true", v ? v : spec_after});
  }
  if (const KValue* user = at(pod_sc_after, {"runAsUser"});
      user && user->kind == KValue::Kind::Int && user->integer == 0 &&
      !same(at(pod_sc_before, {"runAsUser"}), user))
    out.push_back({"the pod runs as root (runAsUser: 0)", user});
  const KValue* main = nullptr;
  if (const KValue* list = at(spec_before, {"containers"});
      list && list->kind == KValue::Kind::List && !list->items.empty())
    main = &list->items.front();
  for (const char* field : {"initContainers", "containers", "ephemeralContainers"}) {
    const KValue* list = spec_after->find(field);
    if (!list || list->kind != KValue::Kind::List) continue;
    for (const auto& container : list->items) {
      const KValue* name = container.find("name");
      std::string n = name ? name->text : "";
      // A container the patch adds is held to the main container's guarantees.
      const KValue* base = named(at(spec_before, {field}), n);
      if (!base) base = main;
      for (const auto& check : kContainerChecks) {
        Verdict now = check.judge(container, pod_sc_after);
        if (now.holds) continue;
        if (base && !check.judge(*base, pod_sc_before).holds) continue;  // never held
        out.push_back({"container " + n + " " + check.what + now.detail,
                       now.culprit ? now.culprit : &container});
      }
    }
  }
}

// A workload selects its pods by spec.selector.matchLabels: every one must stay a label of
// the pod template, or the workload, its Service and its PDB select nothing.
bool selector_matches(const KValue& body, const KValue* tmpl) {
  const KValue* match = at(&body, {"spec", "selector", "matchLabels"});
  if (!match) return true;
  const KValue* labels = at(tmpl, {"metadata", "labels"});
  for (const auto& e : match->entries) {
    const KValue* l = labels ? labels->find(e.key) : nullptr;
    if (!l || !same(l, &e.value)) return false;
  }
  return true;
}

}  // namespace

std::vector<Weakening> weakenings(const KObject& before, const KValue& after) {
  std::vector<Weakening> out;
  const std::string& kind = before.kind;
  const std::string object = kind + " " + before.name;
  // Objects a patch may not change at all: the service's isolation and identity, its public
  // route (the host and path another service could be robbed of), and whatever infrac writes
  // in the platform namespace (the database-roles SQL runs with the master credentials).
  const char* owned = kind == "NetworkPolicy"    ? ": the service's network isolation is infrac's"
                      : kind == "ServiceAccount" ? ": the service's identity is infrac's"
                      : kind == "HTTPRoute"      ? ": the public route is derived from urls.public"
                      : before.ns == kPlatformNamespace ? ": the platform namespace is infrac's"
                                                        : nullptr;
  if (owned) {
    if (!same(&before.body, &after))
      out.push_back({"changes " + object + owned, first_change(&before.body, after)});
    return out;
  }
  if (kind == "Namespace") {
    const KValue* b = at(&before.body, {"metadata", "labels"});
    const KValue* a = at(&after, {"metadata", "labels"});
    std::vector<std::string> keys;
    for (const KValue* labels : {b, a}) {
      if (!labels) continue;
      for (const auto& e : labels->entries) {
        if (e.key.starts_with("pod-security.kubernetes.io/") &&
            std::find(keys.begin(), keys.end(), e.key) == keys.end())
          keys.push_back(e.key);
      }
    }
    for (const auto& key : keys) {
      const KValue* v = a ? a->find(key) : nullptr;
      if (!same(b ? b->find(key) : nullptr, v))
        out.push_back({"changes the Namespace label " + key + " (Pod Security admission)",
                       v ? v : (a ? a : &after)});
    }
    return out;
  }
  if (kind == "ExternalSecret" || kind == "SecretStore" || kind == "ClusterSecretStore") {
    for (const char* f : {"data", "dataFrom", "secretStoreRef", "provider"}) {
      const KValue* v = at(&after, {"spec", f});
      if (!same(at(&before.body, {"spec", f}), v))
        out.push_back(
            {"changes which secrets " + object + " reads (spec." + f + ")", v ? v : &after});
    }
    return out;
  }
  if (kind == "Service") {
    const KValue* type = at(&after, {"spec", "type"});
    if (!same(at(&before.body, {"spec", "type"}), type))
      out.push_back({"changes the type of " + object +
                         ": services are reached through the "
                         "gateway, never a node port or load balancer of their own",
                     type ? type : &after});
    const KValue* external = at(&after, {"spec", "externalIPs"});
    if (!same(at(&before.body, {"spec", "externalIPs"}), external))
      out.push_back({"gives " + object + " external IPs", external ? external : &after});
    return out;
  }
  const KValue* tmpl_before = pod_template(before.body, kind);
  const KValue* tmpl_after = pod_template(after, kind);
  if (!tmpl_before) return out;
  if (!tmpl_after) {
    out.push_back({"removes the pod template of " + object, &after});
    return out;
  }
  check_pod(*tmpl_before, *tmpl_after, out);
  if (selector_matches(before.body, tmpl_before) && !selector_matches(after, tmpl_after)) {
    const KValue* selector = at(&after, {"spec", "selector"});
    out.push_back({"the selector of " + object + " no longer matches its pod template",
                   selector ? selector : &after});
  }
  return out;
}

}  // namespace infrac
