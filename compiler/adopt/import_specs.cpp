#include "adopt/import_specs.h"

#include "adopt/importer.h"
#include "ir/workload_labels.h"
#include "resolve/values.h"

namespace infrac {

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
  if (has("resources.limits")) return "infrac sets a memory limit (memory_limit) and no CPU limit";
  if (has("env[OTEL_")) return "infrac sets OpenTelemetry variables from observability";
  if (has(".env[") || has(".envFrom["))
    return "env and secrets belong to the service: every component gets all of them";
  if (has("ports[metrics]") || has("ports[health]")) return "infrac names its own ports";
  if (kind == "HorizontalPodAutoscaler" && has("behavior"))
    return "infrac uses the autoscaler's default behaviour";
  return {};
}

ImportResult import_manifests(const std::vector<Manifest>& manifests,
                              const ImportOptions& options) {
  std::vector<Manifest> services;
  std::vector<std::string> platform;
  for (const auto& m : manifests) {
    if (m.ns == kPlatformNamespace)
      platform.push_back(m.id());
    else
      services.push_back(m);
  }
  ImportResult r = import_detail::Importer(services, options).run();
  r.platform = std::move(platform);
  return r;
}

}  // namespace infrac

namespace infrac::import_detail {

ImportResult Importer::run() {
  for (const auto& m : in_) by_id_[m.id()] = &m;
  assign_workloads();
  if (!r_.clashes.empty()) return std::move(r_);
  index_services();
  for (auto& [name, s] : services_) build_service(name, s);
  assign_rest();
  for (const auto& m : in_) report_unconsumed(m);
  std::stable_sort(r_.calls.begin(), r_.calls.end(), [](const Call& a, const Call& b) {
    return std::tie(a.caller, a.object, a.path) < std::tie(b.caller, b.object, b.path);
  });
  std::sort(r_.not_carried.begin(), r_.not_carried.end(),
            [](const NotCarried& a, const NotCarried& b) {
              return std::tie(a.object, a.path) < std::tie(b.object, b.path);
            });
  return std::move(r_);
}

void Importer::assign_workloads() {
  for (const auto& m : in_) {
    if ((m.kind == "StatefulSet" || m.kind == "Deployment") && in_cluster_datastore(m)) continue;
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
    if (auto seen = r_.source_namespace.find(s);
        seen != r_.source_namespace.end() && seen->second != m.ns) {
      r_.clashes.push_back({m.id(), services_[s].workloads.front()->id(), s});
      continue;
    }
    services_[s].workloads.push_back(&m);
    r_.owner[m.id()] = s;
    r_.source_namespace.emplace(s, m.ns);
  }
}

// The Service selecting a workload's pods, if any.
const Manifest* Importer::service_for(const Manifest& w) const {
  for (const auto& m : in_) {
    if (m.kind != "Service" || m.ns != w.ns) continue;  // a Service selects in its namespace
    const Node* selector = find_path(m.node, {"spec", "selector"});
    if (!selector || selector->entries.empty()) continue;
    // A Service for scraping only (its one port is the metrics port) serves no traffic.
    const Node* ports = find_path(m.node, {"spec", "ports"});
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

std::string Importer::component_name(const Manifest& w, const std::string& service) const {
  std::string c = pod_label(w, "app.kubernetes.io/component");
  if (!c.empty()) return dns_name(c);
  if (w.name.rfind(service + "-", 0) == 0) return dns_name(w.name.substr(service.size() + 1));
  return dns_name(w.name);
}

void Importer::build_service(const std::string& name, Service& s) {
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
      note(*w, p + ".containers", "a service has one image (" + image + "); this one runs " + img);
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
  if (std::string url = public_url(name); !url.empty())
    spec.set("urls", KValue::map({{"public", KValue::str(url)}}));
  if (!s.publishes.empty())
    spec.set("publishes", KValue::strings({s.publishes.begin(), s.publishes.end()}));
  if (!s.dependencies.empty()) {
    KValue deps = KValue::list();
    for (const auto& [svc, d] : s.dependencies) {
      bool plain_env = d.env == env_var_stem(svc) + "_URL";
      if (plain_env && d.form == "url") {
        deps.items.push_back(KValue::str(svc));
        continue;
      }
      KValue dep = KValue::map({{"service", KValue::str(svc)}});
      if (!plain_env) dep.set("env", KValue::str(d.env));
      if (d.form != "url") dep.set("form", KValue::str(d.form));
      deps.items.push_back(std::move(dep));
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

// ------------------------------------------------------------------ the rest
void Importer::assign_rest() {
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
    if (auto d = datastore_services_.find(m.id()); d != datastore_services_.end())
      return "the Service of the in-cluster datastore " + d->second + ", not imported";
    if (const Node* t = m.kind == "Service" ? find_path(m.node, {"spec", "type"}) : nullptr;
        t && (t->text == "LoadBalancer" || t->text == "NodePort")) {
      r_.exposed.push_back(m.id());
      return "a " + t->text +
             " Service (traffic from outside the cluster): infrac routes public traffic "
             "through the project's gateway only (expose: public and urls.public)";
    }
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

void Importer::report_unconsumed(const Manifest& m) {
  const Paths& used = used_[m.id()];
  if (used.count("")) return;
  walk(m, m.node, "", used);
}

void Importer::walk(const Manifest& m, const Node& n, const std::string& path, const Paths& used) {
  if (!path.empty() && covered(used, path)) return;
  if (!path.empty() && !has_used_below(used, path)) {
    std::string why = derived_reason(m.kind, path);
    r_.not_carried.push_back({m.id(), path, why.empty() ? "infrac has no spec field for it" : why});
    return;
  }
  if (n.is_map()) {
    for (const auto& e : n.entries) walk(m, e.value, join(path, e.key), used);
  } else if (n.is_seq()) {
    for (std::size_t i = 0; i < n.items.size(); ++i) walk(m, n.items[i], element(n, i, path), used);
  }
}

}  // namespace infrac::import_detail
