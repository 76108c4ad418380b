// The importer of `infrac import`, shared by the files that implement it: import_specs.cpp
// (grouping workloads into services, assembling each draft, listing what was not carried),
// import_workload.cpp (a workload as a component), import_env.cpp (variables, secrets,
// datastores and routes) and import_calls.cpp (calls to other services and to in-cluster
// datastores). Paths follow plan/items.h: map keys joined by ".", lists of named
// maps keyed by name.
// Tested by tests/cli/import_test.cpp and tests/cli/import_calls_test.cpp.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "adopt/addresses.h"
#include "adopt/import_specs.h"

namespace infrac::import_detail {

using Paths = std::set<std::string>;

inline const std::string* name_of(const Node& n) {
  if (!n.is_map()) return nullptr;
  const Node* name = n.find("name");
  return name && name->kind == NodeKind::String ? &name->text : nullptr;
}

// Lists of maps with distinct names are keyed by name, as plans key them (plan/items.h).
inline bool keyed(const Node& seq) {
  if (seq.items.empty()) return false;
  std::set<std::string> names;
  for (const auto& i : seq.items) {
    const std::string* n = name_of(i);
    if (!n || !names.insert(*n).second) return false;
  }
  return true;
}

inline std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
inline std::string element(const Node& seq, std::size_t i, const std::string& path) {
  return path + "[" + (keyed(seq) ? *name_of(seq.items[i]) : std::to_string(i)) + "]";
}

inline bool covered(const Paths& used, const std::string& path) {
  for (std::string p = path;;) {
    if (used.count(p)) return true;
    auto cut = p.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) return used.count("") > 0;
    p = p.substr(0, cut);
  }
}
inline bool has_used_below(const Paths& used, const std::string& path) {
  for (const char* sep : {".", "["}) {
    auto it = used.lower_bound(path + sep);
    if (it != used.end() && it->rfind(path + sep, 0) == 0) return true;
  }
  return path.empty() && !used.empty();
}

inline std::string dns_name(std::string s) {
  for (auto& c : s) c = c == '_' ? '-' : static_cast<char>(std::tolower((unsigned char)c));
  return s;
}

inline std::string duration_text(std::int64_t seconds) {
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

inline std::string label(const Node& object, std::string_view key) {
  const Node* l = find_path(object, {"metadata", "labels"});
  return l ? text_at(*l, key) : "";
}

// Sets a key of a map, replacing the value it has.
inline void assign(KValue& map, const std::string& key, KValue value) {
  if (KValue* old = map.find(key)) {
    *old = std::move(value);
  } else {
    map.set(key, std::move(value));
  }
}

struct Env {
  std::string name, value;
  bool literal = true;
  std::string secret, key;  // secretKeyRef
  std::string path;         // where it is in the object
};

struct Datastore {
  std::string type, stem;
  bool fifo = false;
};

struct Component {
  std::string name, type = "worker";
  KValue spec = KValue::map();
  std::string image;
  std::vector<Env> env;
};

class Importer {
 public:
  Importer(const std::vector<Manifest>& in, const ImportOptions& o) : in_(in), o_(o) {}

  ImportResult run();

 private:
  struct Service {
    std::vector<const Manifest*> workloads;
    std::map<std::string, Datastore> datastores;
    std::set<std::string> publishes;
    struct Dependency {
      std::string env, form = "url";
    };
    std::map<std::string, Dependency> dependencies;  // by service called
  };

  const std::vector<Manifest>& in_;
  const ImportOptions& o_;
  ImportResult r_;
  std::map<std::string, const Manifest*> by_id_;
  std::map<std::string, Service> services_;
  std::map<std::string, Paths> used_;  // object id -> consumed paths

  void use(const Manifest& m, const std::string& path) { used_[m.id()].insert(path); }
  void note(const Manifest& m, const std::string& path, const std::string& reason) {
    r_.not_carried.push_back({m.id(), path, reason, false});
    use(m, path);
  }
  void rewritten(const Manifest& m, const std::string& path, const std::string& how) {
    r_.not_carried.push_back({m.id(), path, how, true});
    use(m, path);
  }
  // By kind and name; objects a workload refers to are in its namespace.
  const Manifest* find(const std::string& kind, const std::string& name,
                       const std::string& ns = {}) const {
    const Manifest* any = nullptr;
    for (const auto& m : in_) {
      if (m.kind != kind || m.name != name) continue;
      if (m.ns == ns) return &m;
      if (!any) any = &m;
    }
    return any;
  }

  static const Node* pod_spec(const Manifest& m, std::string& path) {
    if (m.kind == "CronJob") {
      path = "spec.jobTemplate.spec.template.spec";
      return find_path(m.node, {"spec", "jobTemplate", "spec", "template", "spec"});
    }
    path = "spec.template.spec";
    return find_path(m.node, {"spec", "template", "spec"});
  }
  static std::string pod_label(const Manifest& m, std::string_view key) {
    std::string p;
    const Node* labels =
        m.kind == "CronJob"
            ? find_path(m.node, {"spec", "jobTemplate", "spec", "template", "metadata", "labels"})
            : find_path(m.node, {"spec", "template", "metadata", "labels"});
    std::string v = labels ? text_at(*labels, key) : "";
    return v.empty() ? label(m.node, key) : v;
  }
  static std::string service_of(const Manifest& m) {
    for (const char* key : {"app.kubernetes.io/name", "app"}) {
      std::string v = pod_label(m, key);
      if (!v.empty()) return dns_name(v);
    }
    return dns_name(m.name);
  }

  void assign_workloads();

  // The Service selecting a workload's pods, if any.
  const Manifest* service_for(const Manifest& w) const;

  std::string component_name(const Manifest& w, const std::string& service) const;

  void build_service(const std::string& name, Service& s);

  static const Node* main_container(const Node* pod, std::string& name) {
    const Node* cs = pod ? pod->find("containers") : nullptr;
    if (!cs || cs->items.empty()) return nullptr;
    name = text_at(cs->items[0], "name");
    return &cs->items[0];
  }
  std::string container_image(const Manifest& w) const;

  Component component(const Manifest& w, const std::string& service, Service& s);

  void serving_port(const Manifest& w, const Node& main, const std::string& cpath,
                    const Manifest* svc, Component& c);

  void rename_port(const Manifest& w, const std::string& cpath, const std::string& from,
                   const std::string& name);

  void replicas(const Manifest& w, Component& c);

  void resources(const Manifest& w, const Node& main, const std::string& cpath, KValue& spec);
  // The pod's runAsUser and runAsGroup as security: (left out when they are stdlib's).
  void security(const Manifest& w, const Node* pod, const std::string& pod_path, KValue& spec);

  void probes(const Manifest& w, const Node& main, const std::string& cpath, Component& c);

  // A metrics port (named metrics) is carried; a serving or worker component without one
  // says metrics: false, since infrac would otherwise scrape its default port.
  void metrics(const Manifest& w, const Node& main, const std::string& cpath, Component& c);

  void schedule(const Manifest& w, Component& c);

  // Node selector, tolerations and the pod's own annotations: the kubernetes: escape hatch.
  void escape(const Manifest& w, const Node* pod, const std::string& pod_path, KValue& spec);

  // ------------------------------------------------------------------ calls
  // A Service of the input that selects a workload: of an imported service, or an in-cluster
  // datastore (an index in r_.datastores).
  struct Reachable {
    const Manifest* service = nullptr;
    const Manifest* workload = nullptr;
    std::string callee;
    int datastore = -1;
  };
  std::map<std::string, Reachable> reachable_;             // by "namespace/name"
  std::map<std::string, int> serving_port_;                // service -> its internal URL's port
  std::map<std::string, std::string> datastore_services_;  // Service id -> datastore workload

  // A Deployment or StatefulSet running a datastore image: kept out of the services unless
  // asked (then recorded as kept). Whether it was kept out.
  bool in_cluster_datastore(const Manifest& m);
  void index_services();
  const Reachable* lookup(const ServiceName& n, const std::string& caller_ns) const;
  int target_port(const Node& port, const Manifest& workload) const;
  // A value that addresses another service or an in-cluster datastore becomes a dependency or
  // a datastore of `s` (true); a doubtful one is listed in r_.calls, not guessed.
  bool recover_call(const Manifest& w, Env& e, const std::string& self, Service& s);
  void datastore_url(const Manifest& w, const Env& e, const std::string& self);
  std::string doubt(const Address& a, const Reachable& r, const Env& e, const Service& s) const;
  // What a variable the calls took became, in place of the reason env gave it.
  void explain(const std::string& object, const std::string& path, const std::string& reason);
  bool to_datastore(const Reachable& r, Env& e, const std::string& self, Service& s, Call call);
  // Command arguments naming another service read its address from a dependency: $(VAR).
  void recover_args(const Manifest& w, const std::string& cpath, const std::string& self,
                    Service& s, Component& c);

  // ------------------------------------------------------------------ environment
  void env(const Manifest& w, const Node& main, const std::string& cpath, const std::string& self,
           Service& s, Component& c);

  void mark_config_map(const Manifest& cm, const std::string& self);

  // Service URLs, queues and buckets named by infrac's conventions, or a plain value.
  void classify(const Manifest& w, Env& e, const std::string& self, Service& s);

  // A connection Secret of infrac's (<service>-<datastore>, keys host/port/...) is a datastore;
  // an ExternalSecret's remote key is a secret reference; a plain Secret's value stays behind.
  void secret_env(Env& e, const std::string& self, Service& s);

  void add_env(const Env& e, const std::string& self, Service& s, KValue& env, KValue& secrets);

  // ------------------------------------------------------------------ routes
  std::string public_url(const std::string& self);
  std::map<std::string, std::string> public_backend_;

  // ------------------------------------------------------------------ the rest
  void assign_rest();

  void report_unconsumed(const Manifest& m);
  void walk(const Manifest& m, const Node& n, const std::string& path, const Paths& used);
};

}  // namespace infrac::import_detail
