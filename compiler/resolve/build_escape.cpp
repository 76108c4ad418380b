#include "resolve/build_escape.h"

#include <map>
#include <set>

namespace infrac {
namespace {

std::map<std::string, std::string> string_map(const Node* n) {
  std::map<std::string, std::string> out;
  if (n)
    for (const auto& e : n->entries) out[e.key] = e.value.text;
  return out;
}

// Where a map and each of its keys' values are written; `fallback` when the map is not.
KubernetesEscape::WrittenMap written_map(const Node* n, Location fallback) {
  KubernetesEscape::WrittenMap out{n ? n->location : fallback, {}};
  if (n)
    for (const auto& e : n->entries) out.keys.emplace(e.key, e.value.location);
  return out;
}

std::vector<std::string> strings(const Node* n) {
  std::vector<std::string> out;
  if (n)
    for (const auto& i : n->items) out.push_back(i.text);
  return out;
}

// Labels infrac selects by (ir/workload_labels.h) and the Kubernetes-reserved prefixes: a pod
// relabelled there would leave its Service, PDB or `infrac ci apply` selecting nothing. `team`
// infrac writes on every pod itself (from metadata.team): a second one is invalid YAML.
bool reserved_label(const std::string& key) {
  if (key == "team") return true;
  for (std::string_view prefix :
       {"app.kubernetes.io/", "infrac.dev/", "kubernetes.io/", "k8s.io/", "pod-template-hash"}) {
    if (key.rfind(prefix, 0) == 0) return true;
    auto slash = key.find('/');
    // *.kubernetes.io/ and *.k8s.io/ are reserved for Kubernetes core components too.
    if (slash != std::string::npos) {
      std::string_view host(key.data(), slash);
      if (host.ends_with(".kubernetes.io") || host.ends_with(".k8s.io")) return true;
    }
  }
  return false;
}

Sidecar build_sidecar(const MapEntry& e, const ImageResolver& image) {
  Sidecar s;
  s.name = e.key;
  s.location = e.key_location;
  if (const Node* i = e.value.find("image")) s.image = image(*i);
  s.command = strings(e.value.find("command"));
  s.args = strings(e.value.find("args"));
  s.port = int_at(e.value, "port", 0);
  if (const Node* port = e.value.find("port")) s.port_location = port->location;
  // Sidecars are small by default: a proxy or an agent next to the application.
  s.cpu = "50m";
  s.memory = "64Mi";
  if (const Node* r = e.value.find("resources")) {
    s.cpu = text_at(*r, "cpu", s.cpu);
    s.memory = text_at(*r, "memory", s.memory);
  }
  return s;
}

}  // namespace

KubernetesEscape build_kubernetes_escape(const Node& component, const std::string& name,
                                         const ImageResolver& image, Diagnostics& diagnostics) {
  KubernetesEscape k;
  const MapEntry* entry = component.find_entry("kubernetes");
  if (!entry) return k;
  const Node& n = entry->value;
  k.location = entry->key_location;
  k.annotations = string_map(n.find("annotations"));
  k.labels = string_map(n.find("labels"));
  k.node_selector = string_map(n.find("node_selector"));
  k.annotations_written = written_map(n.find("annotations"), k.location);
  k.labels_written = written_map(n.find("labels"), k.location);
  k.node_selector_written = written_map(n.find("node_selector"), k.location);
  k.tolerations_location = location_at(n, {"tolerations"}, k.location);
  k.sidecars_location = location_at(n, {"sidecars"}, k.location);
  if (const Node* labels = n.find("labels")) {
    for (const auto& e : labels->entries) {
      if (!reserved_label(e.key)) continue;
      diagnostics
          .add(DiagCode::kEscapeInvalid, e.key_location,
               "label '" + e.key + "' is reserved: infrac and Kubernetes select pods by it")
          .help = "use a key under your organisation's own prefix, such as example.com/" +
                  e.key.substr(e.key.find('/') + 1);
    }
  }
  if (const Node* annotations = n.find("annotations")) {
    for (const auto& e : annotations->entries) {
      if (e.key.rfind("infrac.dev/", 0) != 0) continue;
      diagnostics
          .add(DiagCode::kEscapeInvalid, e.key_location,
               "annotation '" + e.key + "' is infrac's own (infrac.dev/)")
          .help = "use a key under your organisation's own prefix";
    }
  }
  if (const Node* tolerations = n.find("tolerations")) {
    for (const auto& item : tolerations->items) {
      Toleration t;
      t.key = text_at(item, "key");
      t.op = text_at(item, "operator", "Equal");
      t.value = text_at(item, "value");
      t.effect = text_at(item, "effect");
      t.seconds = int_at(item, "seconds", -1);
      // The API's rules: Exists takes no value; tolerationSeconds only with NoExecute.
      if (t.op == "Exists" && item.find("value")) {
        diagnostics
            .add(DiagCode::kEscapeInvalid, item.find("value")->location,
                 "a toleration with operator Exists matches any value; it has no value")
            .help = "remove value, or use operator: Equal";
      }
      if (t.op == "Equal" && t.key.empty()) {
        diagnostics
            .add(DiagCode::kEscapeInvalid, item.location,
                 "a toleration without a key must use operator: Exists")
            .help = "add key: the taint's key";
      }
      if (t.seconds >= 0 && t.effect != "NoExecute") {
        diagnostics
            .add(DiagCode::kEscapeInvalid, item.find("seconds")->location,
                 "seconds applies only to effect NoExecute")
            .help = "set effect: NoExecute, or remove seconds";
      }
      k.tolerations.push_back(std::move(t));
    }
  }
  if (const Node* sidecars = n.find("sidecars")) {
    for (const auto& e : sidecars->entries) {
      if (e.key == name || e.key == "tmp") {
        diagnostics
            .add(DiagCode::kEscapeInvalid, e.key_location,
                 "sidecar '" + e.key + "' has the name of the component's own container")
            .help = "name the sidecar after what it does, such as proxy";
        continue;
      }
      k.sidecars.push_back(build_sidecar(e, image));
    }
  }
  return k;
}

// The containers of a pod share one network namespace: two listening on one port cannot both
// bind it, and a Pod whose containers declare one containerPort twice leaves the Service's
// named port ambiguous
// (https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking).
void check_pod_ports(const Component& c, Diagnostics& diagnostics) {
  std::map<int, std::string> taken;  // port -> who listens on it
  if (serves_traffic(c.type)) taken[c.port] = "component '" + c.name + "' serves on it";
  if (!serves_traffic(c.type) && c.health_port > 0)
    taken[c.health_port] = "component '" + c.name + "' answers health checks on it";
  if (c.metrics_port > 0)
    taken.emplace(c.metrics_port, "component '" + c.name + "' exposes metrics on it");
  for (const auto& s : c.kubernetes.sidecars) {
    if (s.port <= 0) continue;
    auto [it, inserted] = taken.emplace(s.port, "sidecar '" + s.name + "' listens on it");
    if (inserted) continue;
    diagnostics
        .add(DiagCode::kPodPortTaken, s.port_location.known() ? s.port_location : s.location,
             "sidecar '" + s.name + "' listens on port " + std::to_string(s.port) + ", but " +
                 it->second + ": the containers of a pod share one network")
        .help = "give the sidecar a port no other container of the pod uses";
  }
}

std::vector<IamGrant> build_iam(const Node& spec, Cloud cloud, Diagnostics& diagnostics) {
  std::vector<IamGrant> out;
  const Node* iam = spec.find("iam");
  if (!iam) return out;
  for (const auto& item : iam->items) {
    IamGrant g;
    g.location = item.location;
    g.actions = strings(item.find("actions"));
    g.resources = strings(item.find("resources"));
    g.role = text_at(item, "role");
    g.reason = text_at(item, "reason");
    bool aws_shape = !g.actions.empty() && !g.resources.empty() && g.role.empty();
    bool gcp_shape = g.actions.empty() && g.resources.empty() && !g.role.empty();
    if (cloud == Cloud::Aws && !aws_shape) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, item.location,
               "an AWS grant names actions and resources, and no role")
          .help = "{actions: [sqs:SendMessage], resources: [arn:aws:sqs:...], reason: ...}";
      continue;
    }
    if (cloud == Cloud::Gcp && !gcp_shape) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, item.location,
               "a Google Cloud grant names one role, and no actions or resources")
          .help = "{role: roles/cloudtrace.agent, reason: ...}";
      continue;
    }
    std::string reason = g.reason;
    std::erase_if(reason, [](char c) { return c == ' ' || c == '\t'; });
    if (reason.empty()) {
      const Node* r = item.find("reason");
      diagnostics
          .add(DiagCode::kEscapeInvalid, r ? r->location : item.location,
               "a grant needs a reason: why the service needs more than infrac grants it")
          .help = "reason: reads the shared archive key";
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<Publish> build_publishes(const Node& spec) {
  std::vector<Publish> out;
  if (const Node* list = spec.find("publishes")) {
    for (const auto& item : list->items) {
      auto dot = item.text.find('.');
      if (dot == std::string::npos) continue;  // the schema's format refused it
      out.push_back({item.text.substr(0, dot), item.text.substr(dot + 1), item.location});
    }
  }
  return out;
}

namespace {

// One namespace of names (datastores, or components): a previous name must be free and
// claimed once, or two would share one physical resource.
template <typename T>
void check_renames(const std::vector<T>& items, const std::string& what, Diagnostics& diagnostics) {
  std::map<std::string, Location> claimed;
  std::set<std::string> names;
  for (const auto& i : items) names.insert(i.name);
  for (const auto& i : items) {
    if (i.renamed_from.empty()) continue;
    if (i.renamed_from == i.name || names.count(i.renamed_from)) {
      diagnostics
          .add(DiagCode::kAdoptionInvalid, i.renamed_from_location,
               what + " '" + i.name + "' is renamed from '" + i.renamed_from + "', which is " +
                   (i.renamed_from == i.name ? "its own name" : "still declared"))
          .help =
          "renamed_from names the " + what + "'s previous name, which no " + what + " has now";
      continue;
    }
    auto [it, inserted] = claimed.emplace(i.renamed_from, i.renamed_from_location);
    if (!inserted) {
      Diagnostic& d =
          diagnostics.add(DiagCode::kAdoptionInvalid, i.renamed_from_location,
                          "two " + what + "s are renamed from '" + i.renamed_from + "'");
      d.notes.push_back({it->second, "also claimed here"});
      d.help = "state can move to one of them only";
    }
  }
}

// A component's previous name is a component's, a datastore's a datastore's: state cannot move
// between a workload and a database (Terraform refuses a moved block across module sources),
// so a rename across the two is a typo or a new resource.
template <typename T, typename U>
void check_cross_renames(const std::vector<T>& items, const std::string& what,
                         const std::vector<U>& others, const std::string& other_what,
                         Diagnostics& diagnostics) {
  for (const auto& i : items) {
    for (const auto& o : others) {
      if (i.renamed_from.empty() || i.renamed_from != o.name) continue;
      Diagnostic& d = diagnostics.add(DiagCode::kAdoptionInvalid, i.renamed_from_location,
                                      what + " '" + i.name + "' is renamed from '" +
                                          i.renamed_from + "', which is a " + other_what);
      d.notes.push_back({o.location, "the " + other_what});
      d.help =
          "renamed_from names the " + what + "'s own previous name; a new " + what + " needs none";
    }
  }
}

}  // namespace

void check_escapes_and_renames(const Target& t, Diagnostics& diagnostics) {
  check_renames(t.datastores, "datastore", diagnostics);
  check_renames(t.components, "component", diagnostics);
  check_cross_renames(t.components, "component", t.datastores, "datastore", diagnostics);
  check_cross_renames(t.datastores, "datastore", t.components, "component", diagnostics);
  std::map<std::string, Location> adopted;
  for (const auto& ds : t.datastores) {
    if (ds.adopt.empty()) continue;
    auto [it, inserted] = adopted.emplace(ds.adopt, ds.adopt_location);
    if (!inserted) {
      Diagnostic& d = diagnostics.add(DiagCode::kAdoptionInvalid, ds.adopt_location,
                                      "'" + ds.adopt + "' is adopted twice");
      d.notes.push_back({it->second, "first adopted here"});
    }
  }
  if (t.runtime != Runtime::CloudRun) return;
  for (const auto& c : t.components) {
    if (!c.kubernetes.location.known()) continue;
    diagnostics
        .add(DiagCode::kEscapeInvalid, c.kubernetes.location,
             "component '" + c.name + "' runs on Cloud Run; kubernetes: does not apply")
        .help = "remove kubernetes:, or run the service on Kubernetes (runtime: kubernetes)";
  }
}

}  // namespace infrac
