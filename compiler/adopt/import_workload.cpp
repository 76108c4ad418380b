// A workload as a component: its type and port, command, replicas and autoscaler, requests,
// probes, metrics, schedule, the pod's user and group, and the kubernetes: escape hatch.
#include <tuple>

#include "adopt/importer.h"
#include "resolve/stdlib.h"

namespace infrac::import_detail {

Component Importer::component(const Manifest& w, const std::string& service, Service& s) {
  Component c;
  std::string pod_path;
  const Node* pod = pod_spec(w, pod_path);
  const Manifest* svc = w.kind == "Deployment" ? service_for(w) : nullptr;
  c.name = component_name(w, service);
  // infrac names a Deployment or CronJob <service>-<component> (a Job's name adds a hash).
  if (w.kind != "Job" && w.name != service + "-" + c.name)
    r_.built_as[w.id()] = w.kind + "/" + service + "-" + c.name;
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
    recover_args(w, cpath, service, s, c);
    replicas(w, c);
    resources(w, *main, cpath, spec);
    security(w, pod, pod_path, spec);
    probes(w, *main, cpath, c);
    metrics(w, *main, cpath, c);
    env(w, *main, cpath, service, s, c);
  }
  schedule(w, c);
  escape(w, pod, pod_path, spec);
  return c;
}

std::string Importer::container_image(const Manifest& w) const {
  std::string p, n;
  const Node* c = main_container(pod_spec(w, p), n);
  std::string image = c ? text_at(*c, "image") : "";
  if (!o_.registry.empty() && image.rfind(o_.registry + "/", 0) == 0)
    image = image.substr(o_.registry.size() + 1);
  return image;
}

void Importer::serving_port(const Manifest& w, const Node& main, const std::string& cpath,
                            const Manifest* svc, Component& c) {
  if (!svc) return;
  const Node* ports = find_path(svc->node, {"spec", "ports"});
  if (!ports || ports->items.empty()) return;
  const Node& p = ports->items[0];
  std::string target = text_at(p, "targetPort", text_at(p, "port"));
  int number = 0;
  std::string hit;
  const Node* cports = main.find("ports");
  for (std::size_t i = 0; cports && i < cports->items.size(); ++i) {
    const Node& cp = cports->items[i];
    if (text_at(cp, "name") == target || text_at(cp, "containerPort") == target) {
      number = int_at(cp, "containerPort", 0);
      hit = element(*cports, i, cpath + ".ports");
      use(w, hit);
      // The container's port name, the Service's (grpc, grpc-web...) or its protocol says gRPC.
      if (text_at(cp, "name").rfind("grpc", 0) == 0 || text_at(p, "name").rfind("grpc", 0) == 0 ||
          text_at(p, "appProtocol") == "grpc")
        c.type = "grpc";
    }
  }
  if (number == 0 && target.find_first_not_of("0123456789") == std::string::npos && !target.empty())
    number = std::stoi(target);
  assign(c.spec, "type", KValue::str(c.type));
  if (number) assign(c.spec, "port", KValue::num(number));
  if (!hit.empty()) rename_port(w, cpath, hit, c.type == "grpc" ? "grpc" : "http");
  if (int before = int_at(p, "port", 0); number && before && before != number)
    r_.service_ports.push_back({svc->id(), r_.owner[w.id()], before, number});
}

// infrac names the serving port after its protocol: the comparison pairs the input's port
// (unnamed, or named otherwise) with it. Its rename goes before the container's, which would
// otherwise move the port's leaves under the container's new name only.
void Importer::rename_port(const Manifest& w, const std::string& cpath, const std::string& from,
                           const std::string& name) {
  if (from == cpath + ".ports[" + name + "]") return;
  auto container = std::find_if(r_.renames.begin(), r_.renames.end(), [&](const Rename& r) {
    return r.object == w.id() && r.from == cpath;
  });
  std::string to = (container == r_.renames.end() ? cpath : container->to) + ".ports[" + name + "]";
  r_.renames.insert(container, {w.id(), from, to});
  rewritten(w, from, "port carries it; infrac names its serving port " + name);
}

void Importer::replicas(const Manifest& w, Component& c) {
  if (c.type == "cron" || c.type == "job") return;
  int fixed = 1;
  if (const Node* r = find_path(w.node, {"spec", "replicas"})) {
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
  int lo = int_at(*find_path(hpa->node, {"spec"}), "minReplicas", 1);
  int hi = int_at(*find_path(hpa->node, {"spec"}), "maxReplicas", lo);
  c.spec.set("replicas", KValue::map({{"min", KValue::num(lo)}, {"max", KValue::num(hi)}}));
  const Node* metrics = find_path(hpa->node, {"spec", "metrics"});
  for (const auto& m : metrics ? metrics->items : std::vector<Node>{}) {
    const Node* u = find_path(m, {"resource", "target", "averageUtilization"});
    const Node* resource = m.find("resource");
    if (resource && text_at(*resource, "name") == "cpu" && u && u->as_int() != 70)
      c.spec.set("autoscale", KValue::map({{"cpu", KValue::num(u->as_int())}}));
  }
  r_.owner[hpa->id()] = r_.owner[w.id()];
  note(*hpa, "", "replicas and autoscale carry it; infrac writes the autoscaler");
}

void Importer::resources(const Manifest& w, const Node& main, const std::string& cpath,
                         KValue& spec) {
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
  const Node* memory = requests->find("memory");
  if (limit && memory) {
    if (limit->text != memory->text) r.set("memory_limit", KValue::str(limit->text));
    use(w, cpath + ".resources.limits.memory");
  }
  if (!r.entries.empty()) spec.set("resources", std::move(r));
}

void Importer::security(const Manifest& w, const Node* pod, const std::string& pod_path,
                        KValue& spec) {
  const Node* context = pod ? pod->find("securityContext") : nullptr;
  if (!context) return;
  const Stdlib& defaults = stdlib();
  KValue s = KValue::map();
  const std::tuple<const char*, const char*, std::int64_t> fields[] = {
      {"runAsUser", "run_as_user", defaults.run_as_user},
      {"runAsGroup", "run_as_group", defaults.run_as_group}};
  for (const auto& [field, key, fallback] : fields) {
    const Node* v = context->find(field);
    if (!v || v->kind != NodeKind::Int || v->as_int() < 1) continue;
    use(w, pod_path + ".securityContext." + field);
    if (v->as_int() != fallback) s.set(key, KValue::num(v->as_int()));
  }
  if (!s.entries.empty()) spec.set("security", std::move(s));
}

void Importer::probes(const Manifest& w, const Node& main, const std::string& cpath, Component& c) {
  KValue health = KValue::map();
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"})
    if (main.find(probe)) r_.input_probes[w.id()].insert(probe);
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
      if (number == 0 && !port.empty() && port.find_first_not_of("0123456789") == std::string::npos)
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

// A metrics port (named metrics) is carried; so are metrics pushed via otlp; a serving or
// worker component without either says metrics: false, since infrac would otherwise scrape
// its default port.
void Importer::metrics(const Manifest& w, const Node& main, const std::string& cpath,
                       Component& c) {
  if (c.type == "cron" || c.type == "job") return;
  const Node* cports = main.find("ports");
  for (std::size_t i = 0; cports && i < cports->items.size(); ++i) {
    if (text_at(cports->items[i], "name") != "metrics") continue;
    int port = int_at(cports->items[i], "containerPort", 0);
    use(w, element(*cports, i, cpath + ".ports"));
    if (port != 9090) c.spec.set("metrics", KValue::map({{"port", KValue::num(port)}}));
    return;
  }
  // Without a port, metrics the SDK is told to push (OTEL_METRICS_EXPORTER=otlp) are via otlp.
  const Node* env = main.find("env");
  for (std::size_t i = 0; env && i < env->items.size(); ++i) {
    if (text_at(env->items[i], "name") != "OTEL_METRICS_EXPORTER" ||
        text_at(env->items[i], "value") != "otlp")
      continue;
    c.spec.set("metrics", KValue::map({{"via", KValue::str("otlp")}}));
    return;
  }
  bool monitored = false;
  for (const auto& m : in_)
    monitored = monitored || (m.kind == "ServiceMonitor" && r_.owner.count(w.id()) && m.ns == w.ns);
  if (!monitored || c.type == "worker") c.spec.set("metrics", KValue::flag(false));
}

void Importer::schedule(const Manifest& w, Component& c) {
  const Node* deadline = nullptr;
  if (w.kind == "CronJob") {
    if (const Node* s = find_path(w.node, {"spec", "schedule"})) {
      c.spec.set("schedule", KValue::str(s->text));
      use(w, "spec.schedule");
    }
    if (const Node* z = find_path(w.node, {"spec", "timeZone"})) {
      c.spec.set("timezone", KValue::str(z->text));
      use(w, "spec.timeZone");
    }
    deadline = find_path(w.node, {"spec", "jobTemplate", "spec", "activeDeadlineSeconds"});
    if (deadline) use(w, "spec.jobTemplate.spec.activeDeadlineSeconds");
  } else if (w.kind == "Job") {
    deadline = find_path(w.node, {"spec", "activeDeadlineSeconds"});
    if (deadline) use(w, "spec.activeDeadlineSeconds");
    std::string phase = pod_label(w, "infrac.dev/phase");
    if (phase == "before-rollout")
      c.spec.set("run", KValue::str("before-rollout"));
    else if (phase.empty() && label(w.node, "app.kubernetes.io/managed-by") == "infrac")
      c.spec.set("run", KValue::str("every-deploy"));
  }
  if (deadline) c.spec.set("timeout", KValue::str(duration_text(deadline->as_int())));
}

// Annotations Helm's templates write for Helm itself: `checksum/config` rolls pods when a
// rendered ConfigMap changes, `helm.sh/*` and `meta.helm.sh/*` record the release
// (https://helm.sh/docs/howto/charts_tips_and_tricks/#automatically-roll-deployments).
static bool is_helm_bookkeeping(std::string_view key) {
  return key.starts_with("checksum/") || key.starts_with("helm.sh/") ||
         key.starts_with("meta.helm.sh/");
}

// Node selector, tolerations and the pod's own annotations: the kubernetes: escape hatch.
void Importer::escape(const Manifest& w, const Node* pod, const std::string& pod_path,
                      KValue& spec) {
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
      if (const Node* s = t.find("tolerationSeconds")) one.set("seconds", KValue::num(s->as_int()));
      list.items.push_back(std::move(one));
    }
    k.set("tolerations", std::move(list));
    use(w, pod_path + ".tolerations");
  }
  std::string meta = pod_path.substr(0, pod_path.size() - 5) + ".metadata.annotations";
  const Node* annotations =
      w.kind == "CronJob" ? find_path(w.node, {"spec", "jobTemplate", "spec", "template",
                                               "metadata", "annotations"})
                          : find_path(w.node, {"spec", "template", "metadata", "annotations"});
  KValue a = KValue::map();
  for (const auto& e : annotations ? annotations->entries : std::vector<MapEntry>{}) {
    if (e.key.rfind("infrac.dev/", 0) == 0 || e.key.find("kubernetes.io/") != std::string::npos ||
        is_helm_bookkeeping(e.key))
      continue;
    a.set(e.key, KValue::str(e.value.text));
    use(w, meta + "." + e.key);
  }
  if (!a.entries.empty()) k.set("annotations", std::move(a));
  if (!k.entries.empty()) spec.set("kubernetes", std::move(k));
}

}  // namespace infrac::import_detail
