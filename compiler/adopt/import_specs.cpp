#include "adopt/import_specs.h"

#include <algorithm>
#include <optional>
#include <set>

#include "resolve/values.h"

namespace infrac {
namespace {

using Paths = std::set<std::string>;

const std::string* name_of(const Node& n) {
  if (!n.is_map()) return nullptr;
  const Node* name = n.find("name");
  return name && name->kind == NodeKind::String ? &name->text : nullptr;
}

// Lists of maps with distinct names are keyed by name, as plans key them (plan/items.h).
bool keyed(const Node& seq) {
  if (seq.items.empty()) return false;
  std::set<std::string> names;
  for (const auto& i : seq.items) {
    const std::string* n = name_of(i);
    if (!n || !names.insert(*n).second) return false;
  }
  return true;
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string element(const Node& seq, std::size_t i, const std::string& path) {
  return path + "[" + (keyed(seq) ? *name_of(seq.items[i]) : std::to_string(i)) + "]";
}

bool covered(const Paths& used, const std::string& path) {
  for (std::string p = path;;) {
    if (used.count(p)) return true;
    auto cut = std::max(p.rfind('.'), p.rfind('[') == std::string::npos ? 0 : p.rfind('['));
    if (cut == std::string::npos || cut == 0) return used.count("") > 0;
    p = p.substr(0, cut);
  }
}
bool has_used_below(const Paths& used, const std::string& path) {
  for (const char* sep : {".", "["}) {
    auto it = used.lower_bound(path + sep);
    if (it != used.end() && it->rfind(path + sep, 0) == 0) return true;
  }
  return path.empty() && !used.empty();
}

std::string dns_name(std::string s) {
  for (auto& c : s) c = c == '_' ? '-' : static_cast<char>(std::tolower((unsigned char)c));
  return s;
}

std::string duration_text(std::int64_t seconds) {
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

const Node* path_node(const Node& root, std::initializer_list<std::string_view> keys) {
  return find_path(root, keys);
}

std::string label(const Node& object, std::string_view key) {
  const Node* l = find_path(object, {"metadata", "labels"});
  return l ? text_at(*l, key) : "";
}

// Sets a key of a map, replacing the value it has.
void assign(KValue& map, const std::string& key, KValue value) {
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

}  // namespace

std::string derived_reason(const std::string& kind, const std::string& path) {
  auto has = [&](std::string_view part) { return path.find(part) != std::string::npos; };
  if (path.rfind("metadata", 0) == 0 || path == "apiVersion" || path == "kind" ||
      (has("metadata.") && !has("template.metadata")))
    return "infrac names, labels and annotates its objects itself";
  if (path.rfind("status", 0) == 0) return "runtime state, not configuration";
  if (path == "spec.replicas" && kind == "Deployment")
    return "with an autoscaler, infrac leaves the replica count to it";
  if (has("securityContext")) return "infrac applies Pod Security \"restricted\" to every pod";
  if (has("selector")) return "infrac selects pods by its own labels";
  if (has("template.metadata"))
    return "infrac labels pods itself (kubernetes.labels and "
           "kubernetes.annotations add your own)";
  if (has("Probe.") || has("Probe")) return "infrac sets probes and their timing per type";
  if (has("lifecycle") || has("terminationGracePeriodSeconds"))
    return "infrac drains serving pods with a preStop sleep and a grace period per type";
  if (has("topologySpreadConstraints") || has("affinity"))
    return "infrac spreads replicas over zones and nodes";
  if (has("volumes") || has("volumeMounts"))
    return "infrac mounts a writable /tmp only (read-only root file system)";
  if (has("serviceAccountName") || has("automountServiceAccountToken"))
    return "infrac gives every service its own account with its cloud identity";
  if (has("imagePullPolicy") || has("strategy") || has("revisionHistoryLimit") ||
      has("progressDeadlineSeconds") || has("dnsPolicy") || has("schedulerName") ||
      has("terminationMessage") || has("restartPolicy") || has("concurrencyPolicy") ||
      has("HistoryLimit") || has("backoffLimit") || has("ttlSecondsAfterFinished") ||
      has("startingDeadlineSeconds") || has("suspend") || has("protocol"))
    return "infrac leaves it to Kubernetes' default or its stdlib";
  if (has("resources.limits")) return "infrac limits memory to its request and sets no CPU limit";
  if (has("env[OTEL_")) return "infrac sets OpenTelemetry variables from observability";
  if (has(".env[") || has(".envFrom["))
    return "env and secrets belong to the service: every component gets all of them";
  if (has("ports[metrics]") || has("ports[health]")) return "infrac names its own ports";
  if (kind == "HorizontalPodAutoscaler" && has("behavior"))
    return "infrac uses the autoscaler's default behaviour";
  return {};
}

namespace {

class Importer {
 public:
  Importer(const std::vector<Manifest>& in, const ImportOptions& o) : in_(in), o_(o) {}

  ImportResult run() {
    for (const auto& m : in_) by_id_[m.id()] = &m;
    assign_workloads();
    for (auto& [name, s] : services_) build_service(name, s);
    assign_rest();
    for (const auto& m : in_) report_unconsumed(m);
    std::sort(r_.not_carried.begin(), r_.not_carried.end(),
              [](const NotCarried& a, const NotCarried& b) {
                return std::tie(a.object, a.path) < std::tie(b.object, b.path);
              });
    return std::move(r_);
  }

 private:
  struct Service {
    std::vector<const Manifest*> workloads;
    std::map<std::string, Datastore> datastores;
    std::set<std::string> publishes;
    std::map<std::string, std::string> dependencies;  // service -> env name ("" default)
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
      return path_node(m.node, {"spec", "jobTemplate", "spec", "template", "spec"});
    }
    path = "spec.template.spec";
    return path_node(m.node, {"spec", "template", "spec"});
  }
  static std::string pod_label(const Manifest& m, std::string_view key) {
    std::string p;
    const Node* labels =
        m.kind == "CronJob"
            ? path_node(m.node, {"spec", "jobTemplate", "spec", "template", "metadata", "labels"})
            : path_node(m.node, {"spec", "template", "metadata", "labels"});
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

  void assign_workloads() {
    for (const auto& m : in_) {
      if (m.kind == "StatefulSet") {
        note(m, "",
             "infrac runs no StatefulSets: state belongs in a datastore; a workload that "
             "keeps none can become a component");
        continue;
      }
      if (m.kind == "DaemonSet") {
        note(m, "", "node agents belong to the platform, not to a service");
        continue;
      }
      if (m.kind != "Deployment" && m.kind != "CronJob" && m.kind != "Job") continue;
      if (pod_label(m, "infrac.dev/track") == "canary") {
        note(m, "", "the canary of a rollout: rollout: in the spec describes it");
        continue;
      }
      std::string s = service_of(m);
      services_[s].workloads.push_back(&m);
      r_.owner[m.id()] = s;
    }
  }

  // The Service selecting a workload's pods, if any.
  const Manifest* service_for(const Manifest& w) const {
    for (const auto& m : in_) {
      if (m.kind != "Service") continue;
      const Node* selector = path_node(m.node, {"spec", "selector"});
      if (!selector || selector->entries.empty()) continue;
      // A Service for scraping only (its one port is the metrics port) serves no traffic.
      const Node* ports = path_node(m.node, {"spec", "ports"});
      bool serving = false;
      for (const auto& p : ports ? ports->items : std::vector<Node>{})
        serving =
            serving || (text_at(p, "name") != "metrics" && text_at(p, "targetPort") != "metrics");
      if (!serving) continue;
      bool all = true;
      for (const auto& e : selector->entries) all = all && pod_label(w, e.key) == e.value.text;
      if (all) return &m;
    }
    return nullptr;
  }

  std::string component_name(const Manifest& w, const std::string& service, bool serving) const {
    std::string c = pod_label(w, "app.kubernetes.io/component");
    if (!c.empty()) return dns_name(c);
    if (w.name.rfind(service + "-", 0) == 0) return dns_name(w.name.substr(service.size() + 1));
    return serving ? "api" : "worker";
  }

  void build_service(const std::string& name, Service& s) {
    ImportedService out;
    out.name = name;
    std::vector<Component> components;
    std::map<std::string, int> image_votes;
    for (const Manifest* w : s.workloads) {
      components.push_back(component(*w, name, s));
      out.objects.push_back(w->id());
      ++image_votes[components.back().image];
    }
    std::string image;
    int best = 0;
    for (const auto& [i, n] : image_votes)
      if (n > best) image = i, best = n;
    KValue comps = KValue::map();
    std::sort(components.begin(), components.end(),
              [](const Component& a, const Component& b) { return a.name < b.name; });
    KValue env = KValue::map(), secrets = KValue::map();
    for (auto& c : components) {
      comps.set(c.name, std::move(c.spec));
      for (const auto& e : c.env) add_env(e, name, s, env, secrets);
    }
    for (const Manifest* w : s.workloads) {
      std::string p;
      pod_spec(*w, p);
      std::string img = container_image(*w);
      if (img != image)
        note(*w, p + ".containers",
             "a service has one image (" + image + "); this one runs " + img);
    }
    KValue spec = KValue::map();
    spec.set("image", KValue::str(image));
    spec.set("components", std::move(comps));
    if (!s.datastores.empty()) {
      KValue ds = KValue::map();
      for (const auto& [n, d] : s.datastores) {
        KValue one = KValue::map({{"type", KValue::str(d.type)}});
        if (d.fifo) one.set("fifo", KValue::flag(true));
        if (d.stem != n) one.set("renamed_from", KValue::str(d.stem));
        ds.set(n, std::move(one));
      }
      spec.set("datastores", std::move(ds));
    }
    if (std::string url = public_url(name, s); !url.empty())
      spec.set("urls", KValue::map({{"public", KValue::str(url)}}));
    if (!s.publishes.empty())
      spec.set("publishes", KValue::strings({s.publishes.begin(), s.publishes.end()}));
    if (!s.dependencies.empty()) {
      KValue deps = KValue::list();
      for (const auto& [svc, var] : s.dependencies) {
        deps.items.push_back(
            var.empty() ? KValue::str(svc)
                        : KValue::map({{"service", KValue::str(svc)}, {"env", KValue::str(var)}}));
      }
      spec.set("dependencies", std::move(deps));
    }
    if (!env.entries.empty()) spec.set("env", std::move(env));
    if (!secrets.entries.empty()) spec.set("secrets", std::move(secrets));
    std::string team = s.workloads.empty() ? "" : label(s.workloads.front()->node, "team");
    out.document = KValue::map(
        {{"apiVersion", KValue::str("infrac/v1")},
         {"kind", KValue::str("Service")},
         {"metadata", KValue::map({{"name", KValue::str(name)},
                                   {"team", KValue::str(team.empty() ? o_.team : team)}})},
         {"spec", std::move(spec)}});
    r_.services.push_back(std::move(out));
  }

  static const Node* main_container(const Node* pod, std::string& name) {
    const Node* cs = pod ? pod->find("containers") : nullptr;
    if (!cs || cs->items.empty()) return nullptr;
    name = text_at(cs->items[0], "name");
    return &cs->items[0];
  }
  std::string container_image(const Manifest& w) const {
    std::string p, n;
    const Node* c = main_container(pod_spec(w, p), n);
    std::string image = c ? text_at(*c, "image") : "";
    if (!o_.registry.empty() && image.rfind(o_.registry + "/", 0) == 0)
      image = image.substr(o_.registry.size() + 1);
    return image;
  }

  Component component(const Manifest& w, const std::string& service, Service& s) {
    Component c;
    std::string pod_path;
    const Node* pod = pod_spec(w, pod_path);
    const Manifest* svc = w.kind == "Deployment" ? service_for(w) : nullptr;
    c.name = component_name(w, service, svc != nullptr);
    c.image = container_image(w);
    std::string cname;
    const Node* main = main_container(pod, cname);
    const Node* cs = pod ? pod->find("containers") : nullptr;
    std::string cpath = cs ? element(*cs, 0, pod_path + ".containers") : pod_path;
    use(w, cpath + ".name");
    if (main && cname != c.name && cs && keyed(*cs)) {
      r_.renames.push_back({w.id(), cpath, pod_path + ".containers[" + c.name + "]"});
      rewritten(w, cpath + ".name",
                "infrac names the main container after the component (" + c.name + ")");
    }
    use(w, cpath + ".image");
    for (std::size_t i = 1; cs && i < cs->items.size(); ++i)
      note(w, element(*cs, i, pod_path + ".containers"),
           "a second container: declare it under kubernetes.sidecars to keep it");
    KValue& spec = c.spec;
    if (w.kind == "CronJob") {
      c.type = "cron";
    } else if (w.kind == "Job") {
      c.type = "job";
    } else if (svc) {
      c.type = "http";
    }
    spec.set("type", KValue::str(c.type));
    if (main) {
      serving_port(w, *main, cpath, svc, c);
      for (const char* f : {"command", "args"}) {
        if (const Node* x = main->find(f)) {
          std::vector<std::string> words;
          for (const auto& i : x->items) words.push_back(i.text);
          spec.set(f, KValue::strings(words));
          use(w, cpath + "." + f);
        }
      }
      replicas(w, c);
      resources(w, *main, cpath, spec);
      probes(w, *main, cpath, c);
      metrics(w, *main, cpath, c);
      env(w, *main, cpath, service, s, c);
    }
    schedule(w, c);
    escape(w, pod, pod_path, spec);
    return c;
  }

  void serving_port(const Manifest& w, const Node& main, const std::string& cpath,
                    const Manifest* svc, Component& c) {
    if (!svc) return;
    const Node* ports = path_node(svc->node, {"spec", "ports"});
    if (!ports || ports->items.empty()) return;
    const Node& p = ports->items[0];
    std::string target = text_at(p, "targetPort", text_at(p, "port"));
    int number = 0;
    const Node* cports = main.find("ports");
    for (std::size_t i = 0; cports && i < cports->items.size(); ++i) {
      const Node& cp = cports->items[i];
      if (text_at(cp, "name") == target || text_at(cp, "containerPort") == target) {
        number = int_at(cp, "containerPort", 0);
        use(w, element(*cports, i, cpath + ".ports"));
        if (text_at(cp, "name").rfind("grpc", 0) == 0 || text_at(p, "appProtocol") == "grpc")
          c.type = "grpc";
      }
    }
    if (number == 0 && target.find_first_not_of("0123456789") == std::string::npos &&
        !target.empty())
      number = std::stoi(target);
    assign(c.spec, "type", KValue::str(c.type));
    if (number) assign(c.spec, "port", KValue::num(number));
  }

  void replicas(const Manifest& w, Component& c) {
    if (c.type == "cron" || c.type == "job") return;
    int fixed = 1;
    if (const Node* r = path_node(w.node, {"spec", "replicas"})) {
      fixed = static_cast<int>(r->as_int());
      use(w, "spec.replicas");
    }
    const Manifest* hpa = nullptr;
    for (const auto& m : in_) {
      if (m.kind == "HorizontalPodAutoscaler" &&
          find_path(m.node, {"spec", "scaleTargetRef", "name"}) &&
          find_path(m.node, {"spec", "scaleTargetRef", "name"})->text == w.name)
        hpa = &m;
    }
    if (!hpa) {
      if (fixed != 1) c.spec.set("replicas", KValue::num(fixed));
      return;
    }
    int lo = int_at(*path_node(hpa->node, {"spec"}), "minReplicas", 1);
    int hi = int_at(*path_node(hpa->node, {"spec"}), "maxReplicas", lo);
    c.spec.set("replicas", KValue::map({{"min", KValue::num(lo)}, {"max", KValue::num(hi)}}));
    const Node* metrics = path_node(hpa->node, {"spec", "metrics"});
    for (const auto& m : metrics ? metrics->items : std::vector<Node>{}) {
      const Node* u = find_path(m, {"resource", "target", "averageUtilization"});
      const Node* resource = m.find("resource");
      if (resource && text_at(*resource, "name") == "cpu" && u && u->as_int() != 70)
        c.spec.set("autoscale", KValue::map({{"cpu", KValue::num(u->as_int())}}));
    }
    r_.owner[hpa->id()] = r_.owner[w.id()];
    note(*hpa, "", "replicas and autoscale carry it; infrac writes the autoscaler");
  }

  void resources(const Manifest& w, const Node& main, const std::string& cpath, KValue& spec) {
    const Node* requests = find_path(main, {"resources", "requests"});
    if (!requests) {
      rewritten(w, cpath + ".resources",
                "no requests in the input: infrac requests its stdlib defaults (set "
                "resources.cpu and resources.memory)");
      return;
    }
    KValue r = KValue::map();
    for (const char* f : {"cpu", "memory"}) {
      if (const Node* v = requests->find(f)) {
        r.set(f, KValue::str(v->text));
        use(w, cpath + ".resources.requests." + f);
      }
    }
    const Node* limit = find_path(main, {"resources", "limits", "memory"});
    if (limit && requests->find("memory") && limit->text == requests->find("memory")->text)
      use(w, cpath + ".resources.limits.memory");
    if (!r.entries.empty()) spec.set("resources", std::move(r));
  }

  void probes(const Manifest& w, const Node& main, const std::string& cpath, Component& c) {
    KValue health = KValue::map();
    const Node* ready = main.find("readinessProbe");
    const Node* live = main.find("livenessProbe");
    std::string ready_path =
        ready ? text_at(ready->find("httpGet") ? *ready->find("httpGet") : *ready, "path") : "";
    if (c.type == "http" && !ready_path.empty()) {
      health.set("path", KValue::str(ready_path));
      use(w, cpath + ".readinessProbe.httpGet.path");
      std::string live_path =
          live && live->find("httpGet") ? text_at(*live->find("httpGet"), "path") : "";
      if (!live_path.empty() && live_path != ready_path) {
        health.set("liveness", KValue::str(live_path));
        use(w, cpath + ".livenessProbe.httpGet.path");
      }
    } else if (c.type == "worker" && (ready || live)) {
      // A worker's check: infrac probes its liveness (and readiness) with it.
      const Node* probe = ready ? ready : live;
      std::string probe_path = cpath + (ready ? ".readinessProbe" : ".livenessProbe");
      if (const Node* get = probe->find("httpGet")) {
        std::string port = text_at(*get, "port");
        const Node* cports = main.find("ports");
        int number = 0;
        for (std::size_t i = 0; cports && i < cports->items.size(); ++i) {
          if (text_at(cports->items[i], "name") == port ||
              text_at(cports->items[i], "containerPort") == port) {
            number = int_at(cports->items[i], "containerPort", 0);
            use(w, element(*cports, i, cpath + ".ports"));
          }
        }
        if (number == 0 && !port.empty() &&
            port.find_first_not_of("0123456789") == std::string::npos)
          number = std::stoi(port);
        if (number) health.set("port", KValue::num(number));
        health.set("path", KValue::str(text_at(*get, "path")));
        use(w, probe_path + ".httpGet");
      } else if (const Node* exec = find_path(*probe, {"exec", "command"})) {
        std::vector<std::string> words;
        for (const auto& i : exec->items) words.push_back(i.text);
        health.set("command", KValue::strings(words));
        use(w, probe_path + ".exec");
      }
    }
    if (!health.entries.empty()) c.spec.set("health", std::move(health));
  }

  // A metrics port (named metrics) is carried; a serving or worker component without one
  // says metrics: false, since infrac would otherwise scrape its default port.
  void metrics(const Manifest& w, const Node& main, const std::string& cpath, Component& c) {
    if (c.type == "cron" || c.type == "job") return;
    const Node* cports = main.find("ports");
    for (std::size_t i = 0; cports && i < cports->items.size(); ++i) {
      if (text_at(cports->items[i], "name") != "metrics") continue;
      int port = int_at(cports->items[i], "containerPort", 0);
      use(w, element(*cports, i, cpath + ".ports"));
      if (port != 9090) c.spec.set("metrics", KValue::map({{"port", KValue::num(port)}}));
      return;
    }
    bool monitored = false;
    for (const auto& m : in_)
      monitored =
          monitored || (m.kind == "ServiceMonitor" && r_.owner.count(w.id()) && m.ns == w.ns);
    if (!monitored || c.type == "worker") c.spec.set("metrics", KValue::flag(false));
  }

  void schedule(const Manifest& w, Component& c) {
    const Node* deadline = nullptr;
    if (w.kind == "CronJob") {
      if (const Node* s = path_node(w.node, {"spec", "schedule"})) {
        c.spec.set("schedule", KValue::str(s->text));
        use(w, "spec.schedule");
      }
      if (const Node* z = path_node(w.node, {"spec", "timeZone"})) {
        c.spec.set("timezone", KValue::str(z->text));
        use(w, "spec.timeZone");
      }
      deadline = path_node(w.node, {"spec", "jobTemplate", "spec", "activeDeadlineSeconds"});
      if (deadline) use(w, "spec.jobTemplate.spec.activeDeadlineSeconds");
    } else if (w.kind == "Job") {
      deadline = path_node(w.node, {"spec", "activeDeadlineSeconds"});
      if (deadline) use(w, "spec.activeDeadlineSeconds");
      std::string phase = pod_label(w, "infrac.dev/phase");
      if (phase == "before-rollout")
        c.spec.set("run", KValue::str("before-rollout"));
      else if (phase.empty() && label(w.node, "app.kubernetes.io/managed-by") == "infrac")
        c.spec.set("run", KValue::str("every-deploy"));
    }
    if (deadline) c.spec.set("timeout", KValue::str(duration_text(deadline->as_int())));
  }

  // Node selector, tolerations and the pod's own annotations: the kubernetes: escape hatch.
  void escape(const Manifest& w, const Node* pod, const std::string& pod_path, KValue& spec) {
    if (!pod) return;
    KValue k = KValue::map();
    if (const Node* ns = pod->find("nodeSelector")) {
      KValue m = KValue::map();
      for (const auto& e : ns->entries) m.set(e.key, KValue::str(e.value.text));
      k.set("node_selector", std::move(m));
      use(w, pod_path + ".nodeSelector");
    }
    if (const Node* ts = pod->find("tolerations")) {
      KValue list = KValue::list();
      for (const auto& t : ts->items) {
        KValue one = KValue::map();
        for (const auto& [from, to] : {std::pair{"key", "key"},
                                       {"operator", "operator"},
                                       {"value", "value"},
                                       {"effect", "effect"}}) {
          if (const Node* v = t.find(from)) one.set(to, KValue::str(v->text));
        }
        if (const Node* s = t.find("tolerationSeconds"))
          one.set("seconds", KValue::num(s->as_int()));
        list.items.push_back(std::move(one));
      }
      k.set("tolerations", std::move(list));
      use(w, pod_path + ".tolerations");
    }
    std::string meta = pod_path.substr(0, pod_path.size() - 5) + ".metadata.annotations";
    const Node* annotations =
        w.kind == "CronJob" ? path_node(w.node, {"spec", "jobTemplate", "spec", "template",
                                                 "metadata", "annotations"})
                            : path_node(w.node, {"spec", "template", "metadata", "annotations"});
    KValue a = KValue::map();
    for (const auto& e : annotations ? annotations->entries : std::vector<MapEntry>{}) {
      if (e.key.rfind("infrac.dev/", 0) == 0 || e.key.find("kubernetes.io/") != std::string::npos)
        continue;
      a.set(e.key, KValue::str(e.value.text));
      use(w, meta + "." + e.key);
    }
    if (!a.entries.empty()) k.set("annotations", std::move(a));
    if (!k.entries.empty()) spec.set("kubernetes", std::move(k));
  }

  // ------------------------------------------------------------------ environment
  void env(const Manifest& w, const Node& main, const std::string& cpath, const std::string& self,
           Service& s, Component& c) {
    if (const Node* from = main.find("envFrom")) {
      for (std::size_t i = 0; i < from->items.size(); ++i) {
        const Node* ref = from->items[i].find("configMapRef");
        const Manifest* cm = ref ? find("ConfigMap", text_at(*ref, "name")) : nullptr;
        if (!cm) continue;
        rewritten(w, cpath + ".envFrom[" + std::to_string(i) + "]",
                  "env carries its values; infrac passes them through the service's ConfigMap");
        mark_config_map(*cm, self);
        if (const Node* data = cm->node.find("data"))
          for (const auto& e : data->entries)
            c.env.push_back({e.key, e.value.text, true, "", "", cpath + ".envFrom"});
      }
    }
    const Node* list = main.find("env");
    for (std::size_t i = 0; list && i < list->items.size(); ++i) {
      const Node& e = list->items[i];
      std::string path = element(*list, i, cpath + ".env");
      std::string name = text_at(e, "name");
      if (name.rfind("OTEL_", 0) == 0) continue;  // derived_reason explains it
      if (const Node* v = e.find("value")) {
        c.env.push_back({name, v->text, true, "", "", path});
        rewritten(w, path,
                  "env carries it; infrac passes plain values through the service's "
                  "ConfigMap");
      } else if (const Node* ref = find_path(e, {"valueFrom", "secretKeyRef"})) {
        c.env.push_back({name, "", false, text_at(*ref, "name"), text_at(*ref, "key"), path});
        rewritten(w, path,
                  "secrets or a datastore carries it; infrac reads it through its own "
                  "ExternalSecret");
      } else if (const Node* cref = find_path(e, {"valueFrom", "configMapKeyRef"})) {
        const Manifest* cm = find("ConfigMap", text_at(*cref, "name"));
        const Node* value = cm ? find_path(cm->node, {"data"}) : nullptr;
        if (value && value->find(text_at(*cref, "key"))) {
          mark_config_map(*cm, self);
          c.env.push_back({name, value->find(text_at(*cref, "key"))->text, true, "", "", path});
          rewritten(w, path,
                    "env carries the value; infrac passes it through the service's "
                    "ConfigMap");
        }
      }
    }
    for (auto& e : c.env) classify(e, self, s);
  }

  void mark_config_map(const Manifest& cm, const std::string& self) {
    if (used_.count(cm.id())) return;
    r_.owner[cm.id()] = self;
    note(cm, "", "its values became env, datastores and dependencies; infrac writes it");
  }

  // Service URLs, queues and buckets named by infrac's conventions, or a plain value.
  void classify(Env& e, const std::string& self, Service& s) {
    if (!e.literal) {
      secret_env(e, self, s);
      return;
    }
    const std::string& v = e.value;
    for (const auto& [other, _] : services_) {
      if (other == self) continue;
      for (const std::string& prefix :
           {"http://" + other + "." + other + ".svc", "http://" + other + ":",
            "http://" + other + "." + other + ":"}) {
        if (v.rfind(prefix, 0) != 0) continue;
        s.dependencies[other] = e.name == env_var_stem(other) + "_URL" ? "" : e.name;
        e.name.clear();
        return;
      }
    }
    std::string stem_prefix = o_.project + "-" + o_.env + "-";
    auto last = [&](char sep) { return v.substr(v.rfind(sep) + 1); };
    if (e.name.ends_with("_QUEUE_URL")) {
      std::string q = last('/');
      bool fifo = q.ends_with(".fifo");
      if (fifo) q = q.substr(0, q.size() - 5);
      if (q.rfind(stem_prefix, 0) == 0) {
        std::string rest = q.substr(stem_prefix.size());
        for (const auto& [other, _] : services_) {
          if (rest.rfind(other + "-", 0) != 0) continue;
          std::string queue = rest.substr(other.size() + 1);
          if (other == self) {
            std::string ds = dns_name(e.name.substr(0, e.name.size() - 10));
            s.datastores[ds] = {"queue", queue, fifo};
          } else {
            s.publishes.insert(other + "." + queue);
          }
          e.name.clear();
          return;
        }
      }
    }
    if (e.name.ends_with("_BUCKET") && v.rfind(stem_prefix + self + "-", 0) == 0) {
      std::string ds = dns_name(e.name.substr(0, e.name.size() - 7));
      s.datastores[ds] = {"bucket", v.substr(stem_prefix.size() + self.size() + 1), false};
      e.name.clear();
    }
  }

  // A connection Secret of infrac's (<service>-<datastore>, keys host/port/...) is a datastore;
  // an ExternalSecret's remote key is a secret reference; a plain Secret's value stays behind.
  void secret_env(Env& e, const std::string& self, Service& s) {
    static const std::set<std::string> outputs = {"host",       "port", "username", "password",
                                                  "auth_token", "tls",  "ca_cert"};
    const Manifest* es = find("ExternalSecret", e.secret);
    if (es && e.secret.rfind(self + "-", 0) == 0 && outputs.count(e.key)) {
      std::string ds = e.secret.substr(self.size() + 1);
      Datastore& d = s.datastores[ds];
      if (d.stem.empty()) d.stem = ds;
      if (e.key == "username") d.type = "postgres";
      if (e.key == "auth_token" && d.type.empty()) d.type = "redis";
      if (const Node* data = find_path(es->node, {"spec", "data"})) {
        for (const auto& item : data->items) {
          const Node* remote = item.find("remoteRef");
          std::string key = remote ? text_at(*remote, "key") : "";
          auto cut = key.find_last_of("/-");
          if (!key.empty() && cut != std::string::npos) {
            std::string stem =
                key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
            if (stem.rfind(o_.project + "-" + o_.env + "-" + self + "-", 0) == 0)
              stem = stem.substr(o_.project.size() + o_.env.size() + self.size() + 3);
            d.stem = stem;
          }
        }
      }
      r_.owner[es->id()] = self;
      if (!used_.count(es->id()))
        note(*es, "", "the datastore carries it; infrac writes the connection secret");
      e.name.clear();
      return;
    }
    e.literal = false;
  }

  void add_env(const Env& e, const std::string& self, Service& s, KValue& env, KValue& secrets) {
    if (e.name.empty() || env.find(e.name) || secrets.find(e.name)) return;
    // What infrac gives the pods for a datastore it now declares (<NAME>_TLS, ...).
    for (const auto& [ds, _] : s.datastores) {
      for (const char* output : {"_TLS", "_BUCKET", "_QUEUE_URL", "_HOST", "_PORT"})
        if (e.name == env_var_stem(ds) + output) return;
    }
    if (e.literal) {
      env.set(e.name, KValue::str(e.value));
      return;
    }
    const Manifest* es = find("ExternalSecret", e.secret);
    const Node* data = es ? find_path(es->node, {"spec", "data"}) : nullptr;
    for (const auto& item : data ? data->items : std::vector<Node>{}) {
      if (text_at(item, "secretKey") != e.key || !item.find("remoteRef")) continue;
      KValue ref = KValue::map({{"key", KValue::str(text_at(*item.find("remoteRef"), "key"))}});
      std::string property = text_at(*item.find("remoteRef"), "property");
      if (!property.empty()) ref.set("property", KValue::str(property));
      secrets.set(e.name, std::move(ref));
      r_.owner[es->id()] = self;
      if (!used_.count(es->id()))
        note(*es, "", "secrets: carries its references; infrac writes the ExternalSecret");
      return;
    }
    // A plain Secret: its value is never imported.
    secrets.set(e.name, KValue::map({{"key", KValue::str(self + "/" + e.secret)},
                                     {"property", KValue::str(e.key)}}));
    if (const Manifest* plain = find("Secret", e.secret)) {
      r_.owner[plain->id()] = self;
      if (!used_.count(plain->id()))
        note(*plain, "",
             "secret values are never imported: store them in the secret manager "
             "under " +
                 self + "/" + e.secret + " (one property per key)");
    }
  }

  // ------------------------------------------------------------------ routes
  std::string public_url(const std::string& self, Service& s) {
    (void)s;
    std::set<std::string> own_services;
    for (const auto& m : in_) {
      if (m.kind == "Service" &&
          (m.ns == self || dns_name(label(m.node, "app.kubernetes.io/name")) == self ||
           dns_name(label(m.node, "app")) == self || m.name == self))
        own_services.insert(m.name);
    }
    for (const auto& m : in_) {
      std::string host, path, backend;
      if (m.kind == "HTTPRoute") {
        const Node* hosts = path_node(m.node, {"spec", "hostnames"});
        const Node* rules = path_node(m.node, {"spec", "rules"});
        if (!hosts || hosts->items.empty() || !rules || rules->items.empty()) continue;
        host = hosts->items[0].text;
        const Node& rule = rules->items[0];
        const Node* match = rule.find("matches");
        const Node* p = match && !match->items.empty() ? match->items[0].find("path") : nullptr;
        path = p ? text_at(*p, "value", "/") : "/";
        const Node* backends = rule.find("backendRefs");
        backend = backends && !backends->items.empty() ? text_at(backends->items[0], "name") : "";
      } else if (m.kind == "Ingress") {
        const Node* rules = path_node(m.node, {"spec", "rules"});
        if (!rules || rules->items.empty()) continue;
        host = text_at(rules->items[0], "host");
        const Node* paths = find_path(rules->items[0], {"http", "paths"});
        if (!paths || paths->items.empty()) continue;
        path = text_at(paths->items[0], "path", "/");
        const Node* b = find_path(paths->items[0], {"backend", "service", "name"});
        backend = b ? b->text : "";
      } else {
        continue;
      }
      if (!own_services.count(backend) || host.empty()) continue;
      r_.owner[m.id()] = self;
      note(m, "",
           "urls.public and expose: public carry it; infrac routes through the project's "
           "gateway");
      // expose: public on the component behind it.
      for (auto& svc_doc : r_.services) (void)svc_doc;
      public_backend_[self] = backend;
      return "https://" + host + (path.empty() ? "/" : path);
    }
    return {};
  }
  std::map<std::string, std::string> public_backend_;

  // ------------------------------------------------------------------ the rest
  void assign_rest() {
    // expose: public on the component whose Service the route names.
    for (auto& svc : r_.services) {
      auto b = public_backend_.find(svc.name);
      if (b == public_backend_.end()) continue;
      KValue* comps = svc.document.find("spec")->find("components");
      for (auto& e : comps->entries) {
        const KValue* type = e.value.find("type");
        bool serving = type && (type->text == "http" || type->text == "grpc");
        if (serving && (b->second == svc.name || b->second == svc.name + "-" + e.key)) {
          e.value.set("expose", KValue::str("public"));
          break;
        }
      }
    }
    static const std::map<std::string, std::string> derived_kinds = {
        {"Namespace", "infrac creates the namespace <service>"},
        {"ServiceAccount", "infrac creates the service's accounts with its cloud identity"},
        {"NetworkPolicy", "infrac derives network policies from dependencies and egress"},
        {"PodDisruptionBudget", "infrac derives disruption budgets from replicas"},
        {"ServiceMonitor", "infrac scrapes the metrics port (metrics:)"},
        {"PrometheusRule", "infrac writes alerts and SLO rules (slo:)"},
        {"Service", "infrac writes the Service of a serving component from its port"},
        {"Kustomization", "infrac writes its own kustomization"},
        {"Application", "infrac writes Argo CD Applications (delivery.argocd)"},
        {"HorizontalPodAutoscaler", "replicas and autoscale carry it"},
        {"ConfigMap", "infrac mounts no ConfigMaps; env carries values it reads"},
    };
    auto reason_for = [&](const Manifest& m) -> std::string {
      if (m.kind == "ConfigMap" && m.name.ends_with("-dashboard"))
        return "infrac writes the service's Grafana dashboard";
      auto d = derived_kinds.find(m.kind);
      return d != derived_kinds.end() ? d->second : "infrac has no spec field for a " + m.kind;
    };
    for (const auto& m : in_) {
      if (used_.count(m.id()) && used_[m.id()].count("")) continue;
      if (!r_.owner.count(m.id())) {
        std::string guess = dns_name(label(m.node, "app.kubernetes.io/name"));
        if (guess.empty()) guess = dns_name(label(m.node, "app"));
        if (guess.empty() || !services_.count(guess)) guess = services_.count(m.ns) ? m.ns : "";
        if (guess.empty()) {
          for (const auto& [s, _] : services_)
            if (m.name == s || m.name.rfind(s + "-", 0) == 0) guess = s;
        }
        r_.owner[m.id()] = guess;
      }
      if (m.kind == "Deployment" || m.kind == "CronJob" || m.kind == "Job") continue;
      note(m, "", reason_for(m));
    }
  }

  void report_unconsumed(const Manifest& m) {
    const Paths& used = used_[m.id()];
    if (used.count("")) return;
    walk(m, m.node, "", used);
  }
  void walk(const Manifest& m, const Node& n, const std::string& path, const Paths& used) {
    if (!path.empty() && covered(used, path)) return;
    if (!path.empty() && !has_used_below(used, path)) {
      std::string why = derived_reason(m.kind, path);
      r_.not_carried.push_back(
          {m.id(), path, why.empty() ? "infrac has no spec field for it" : why});
      return;
    }
    if (n.is_map()) {
      for (const auto& e : n.entries) walk(m, e.value, join(path, e.key), used);
    } else if (n.is_seq()) {
      for (std::size_t i = 0; i < n.items.size(); ++i)
        walk(m, n.items[i], element(n, i, path), used);
    }
  }
};

}  // namespace

ImportResult import_manifests(const std::vector<Manifest>& manifests,
                              const ImportOptions& options) {
  return Importer(manifests, options).run();
}

}  // namespace infrac
