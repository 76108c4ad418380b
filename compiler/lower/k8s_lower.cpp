// The Kubernetes side of lowering, the same for every cloud: one namespace per service, a
// workload per component, and the objects that wire them (Services, HPA, PDB, ConfigMap,
// ExternalSecrets, HTTPRoute, NetworkPolicy). Names are checked against
// stdlib/kubernetes.yaml; every object carries the spec-v1 labels.
#include <algorithm>

#include "ir/content_hash.h"
#include "ir/workload_labels.h"
#include "lower/container_spec.h"
#include "lower/dashboard.h"
#include "lower/escape_hatches.h"
#include "lower/lower.h"
#include "lower/network_policy.h"
#include "lower/postgres_bootstrap.h"
#include "lower/psql_job.h"
#include "lower/request_metrics.h"
#include "lower/secret_store.h"
#include "lower/slo_rules.h"
#include "lower/standard_alerts.h"
#include "lower/telemetry.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

constexpr const char* kManagedBy = "infrac";  // kManagedByLabel's value
// The database-roles Job's client: psql of the newest major connects to every supported server.
constexpr std::int64_t kBootstrapDeadlineSeconds = 600;

class KubernetesLowering {
 public:
  KubernetesLowering(const Model& model, const Target& target, const CloudLowering& cloud,
                     const LowerOptions& options, Diagnostics& diagnostics)
      : model_(model), t_(target), cloud_(cloud), options_(options), diagnostics_(diagnostics) {}

  std::vector<KObject> run() {
    namespace_object();
    service_account();
    config_map();
    external_secrets();
    secret_reader();
    for (const auto& w : cloud_.datastores)
      if (w.bootstrap) database_bootstrap(w, *w.bootstrap);
    for (const auto& c : t_.components) component(c);
    network_policies();
    http_route();
    for (const auto& c : t_.components) service_monitor(c);
    prometheus_rule();
    dashboard();
    return sorted();
  }

  // A Cloud Run target's only Kubernetes objects: its databases' roles Jobs, in the platform
  // namespace of its environment's cluster.
  std::vector<KObject> database_roles_only() {
    for (const auto& w : cloud_.datastores)
      if (w.bootstrap) database_bootstrap(w, *w.bootstrap);
    return sorted();
  }

 private:
  std::vector<KObject> sorted() {
    std::stable_sort(objects_.begin(), objects_.end(), [](const KObject& a, const KObject& b) {
      return std::make_pair(kind_rank(a.kind), a.name) < std::make_pair(kind_rank(b.kind), b.name);
    });
    return std::move(objects_);
  }

  // kustomize's legacy order: what others depend on first.
  static int kind_rank(const std::string& kind) {
    static const char* order[] = {"Namespace",
                                  "ServiceAccount",
                                  "ConfigMap",
                                  "SecretStore",
                                  "ExternalSecret",
                                  "Service",
                                  "Deployment",
                                  "CronJob",
                                  "Job",
                                  "HorizontalPodAutoscaler",
                                  "PodDisruptionBudget",
                                  "NetworkPolicy",
                                  "HTTPRoute",
                                  "ServiceMonitor",
                                  "PrometheusRule"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i) {
      if (kind == order[i]) return i;
    }
    return 100;
  }

  KValue labels(const std::string& component) const {
    return KValue::map({{"app.kubernetes.io/component", KValue::str(component)},
                        {"app.kubernetes.io/instance", KValue::str(t_.service + "-" + t_.env)},
                        {"app.kubernetes.io/managed-by", KValue::str(kManagedBy)},
                        {"app.kubernetes.io/name", KValue::str(t_.service)},
                        {"app.kubernetes.io/part-of", KValue::str(model_.project.name)},
                        {"team", KValue::str(t_.team)}});
  }

  // What a component's pods are selected by: its Service, Deployment, PodDisruptionBudget
  // (and so its HorizontalPodAutoscaler, which counts the pods of its Deployment's selector)
  // and topology spread; the ServiceMonitor selects the Services carrying these labels. With a
  // rollout it is the stable track's (track_selector).
  KValue selector(const std::string& component) const {
    return KValue::map({{"app.kubernetes.io/component", KValue::str(component)},
                        {"app.kubernetes.io/name", KValue::str(t_.service)}});
  }

  KObject& add(std::string api_version, std::string kind, std::string name,
               const std::string& component, Location origin, bool namespaced = true) {
    KObject o;
    o.api_version = std::move(api_version);
    o.kind = std::move(kind);
    o.name = std::move(name);
    o.ns = namespaced ? t_.service : "";
    o.origin = origin;
    o.body =
        KValue::map({{"apiVersion", KValue::str(o.api_version)}, {"kind", KValue::str(o.kind)}});
    KValue& metadata = o.body.set("metadata", KValue::map({{"name", KValue::str(o.name)}}));
    if (namespaced) metadata.set("namespace", KValue::str(o.ns));
    metadata.set("labels", labels(component));
    objects_.push_back(std::move(o));
    return objects_.back();
  }

  void check_name(const std::string& rule_id, const std::string& name, Location at) {
    const NameRule& rule = kubernetes_name_rules().at(rule_id);
    std::string problem = name_problem(rule, name);
    if (problem.empty()) return;
    Diagnostic& d =
        diagnostics_.add(DiagCode::kGeneratedName, at, rule.what + " '" + name + "' " + problem);
    d.help = "infrac names it <service>-<component>; shorten the component or service name";
  }

  Location service_location() const { return model_.service_location(t_.service); }

  // The Kubernetes Service in front of a serving component. The first serving component
  // owns the service's internal URL, so its Service is named after the service itself.
  std::string service_name(const Component& c) const { return t_.component_object_name(c); }

  void namespace_object() {
    KObject& o = add("v1", "Namespace", t_.service, "namespace", service_location(), false);
    KValue& l = *o.body.find("metadata")->find("labels");
    l.set("pod-security.kubernetes.io/enforce", KValue::str("restricted"));
  }

  void service_account() {
    KObject& o = add("v1", "ServiceAccount", t_.service, "identity", service_location());
    set_identity_annotations(o, cloud_.service_account_annotations);
    // Pods get cloud credentials from the identity webhook's projected token, not from the
    // Kubernetes API token.
    o.body.set("automountServiceAccountToken", KValue::flag(false));
  }

  // The namespace's own secret store and the identity it reads secrets as: the service's own
  // cloud identity, so the store can read exactly what the service may read
  // (lower/secret_store.h). Only where the service's namespace holds ExternalSecrets.
  void secret_reader() {
    if (cloud_.secret_reader.empty()) return;
    if (std::none_of(objects_.begin(), objects_.end(), [&](const KObject& o) {
          return o.kind == "ExternalSecret" && o.ns == t_.service;
        }))
      return;
    KObject& o = add("v1", "ServiceAccount", cloud_.secret_reader, "identity", service_location());
    set_identity_annotations(o, cloud_.secret_reader_annotations);
    o.body.set("automountServiceAccountToken", KValue::flag(false));
    const Environment* env = model_.project.environment(t_.env);
    if (!env) return;
    KObject& store = add("external-secrets.io/v1", cloud_.secret_store_kind,
                         cloud_.secret_store_name, "identity", service_location());
    store.body.set("spec", secret_store_spec(model_.project, *env, cloud_.secret_reader));
  }

  void set_identity_annotations(
      KObject& o, const std::vector<std::pair<std::string, std::string>>& which) const {
    if (which.empty()) return;
    KValue annotations = KValue::map();
    for (const auto& [k, v] : which) {
      annotations.set(k, KValue::str(v));
    }
    o.body.find("metadata")->set("annotations", std::move(annotations));
  }

  const DatastoreWiring* wiring_of(const std::string& datastore) const {
    for (const auto& w : cloud_.datastores) {
      if (w.datastore == datastore) return &w;
    }
    return nullptr;
  }

  // Plain variables: literals, dependency URLs and datastore outputs known at compile time.
  void config_map() {
    KValue data = KValue::map();
    for (const auto& v : t_.env_vars) {
      if (v.source == EnvSource::Literal || v.source == EnvSource::ServiceUrl) {
        data.set(v.name, KValue::str(v.value, v.location));
      } else if (v.source == EnvSource::DatastoreOutput) {
        const DatastoreWiring* w = wiring_of(v.datastore);
        auto known =
            w ? w->known.find(v.output) : std::map<std::string, std::string>::const_iterator{};
        if (w && known != w->known.end()) data.set(v.name, KValue::str(known->second, v.location));
      }
    }
    if (data.entries.empty()) return;
    config_hash_ = content_hash(data, 16);
    KObject& o = add("v1", "ConfigMap", t_.service, "config", service_location());
    o.body.set("data", std::move(data));
    has_config_map_ = true;
  }

  KObject& external_secret(const std::string& name, const std::string& component, Location at,
                           KValue data) {
    KObject& o = add("external-secrets.io/v1", "ExternalSecret", name, component, at);
    KValue spec = KValue::map();
    spec.set("refreshInterval", KValue::str("1h"));
    spec.set("secretStoreRef", KValue::map({{"kind", KValue::str(cloud_.secret_store_kind)},
                                            {"name", KValue::str(cloud_.secret_store_name)}}));
    spec.set("target",
             KValue::map({{"creationPolicy", KValue::str("Owner")}, {"name", KValue::str(name)}}));
    spec.set("data", std::move(data));
    o.body.set("spec", std::move(spec));
    return o;
  }

  void external_secrets() {
    KValue own = KValue::list();
    for (const auto& v : t_.env_vars) {
      if (v.source != EnvSource::Secret) continue;
      KValue remote = KValue::map({{"key", KValue::str(v.secret_key, v.location)}});
      if (!v.secret_property.empty())
        remote.set("property", KValue::str(v.secret_property, v.location));
      own.items.push_back(KValue::map({{"secretKey", KValue::str(v.name)}, {"remoteRef", remote}}));
      env_.push_back(secret_env(v.name, t_.service, v.name, v.location));
    }
    if (!own.items.empty())
      external_secret(t_.service, "config", service_location(), std::move(own));

    for (const auto& w : cloud_.datastores) {
      if (w.secret_key.empty()) continue;
      KValue data = KValue::list();
      // After a rename the Secret keeps its name, like the cloud resources (renamed_from).
      std::string stem = w.datastore;
      for (const auto& ds : t_.datastores)
        if (ds.name == w.datastore) stem = ds.stem();
      std::string secret_name = t_.service + "-" + stem;
      for (const auto& v : t_.env_vars) {
        if (v.source != EnvSource::DatastoreOutput || v.datastore != w.datastore) continue;
        if (w.known.count(v.output)) continue;
        data.items.push_back(
            KValue::map({{"secretKey", KValue::str(v.output)},
                         {"remoteRef", KValue::map({{"key", KValue::str(w.secret_key, w.location)},
                                                    {"property", KValue::str(v.output)}})}}));
        env_.push_back(secret_env(v.name, secret_name, v.output, v.location));
      }
      if (!data.items.empty())
        external_secret(secret_name, w.datastore, w.location, std::move(data));
    }
    std::sort(env_.begin(), env_.end(), [](const KValue& a, const KValue& b) {
      return a.find("name")->text < b.find("name")->text;
    });
  }

  // The database roles of one PostgreSQL datastore, by machine (docs/security.md): in the
  // platform namespace, a ConfigMap with the SQL, an ExternalSecret with the master credentials
  // (read by that namespace's secret reader, the platform's identity, never the service's), and
  // a Job that runs the SQL with psql. `infrac ci apply` runs it before migrations; its name
  // carries a hash of what it runs, so a changed script runs again and an unchanged one never.
  void database_bootstrap(const DatastoreWiring& w, const DatabaseBootstrap& b) {
    std::string stem = w.datastore;
    for (const auto& ds : t_.datastores)
      if (ds.name == w.datastore) stem = ds.stem();
    // Named and labelled by the stem, the physical database's name: a rename with renamed_from
    // keeps the database, so its roles objects stay as they are and the Job does not run again.
    std::string base = t_.service + "-" + stem + "-roles";
    auto in_platform = [&](KObject& o) -> KObject& {
      o.ns = kPlatformNamespace;
      *o.body.find("metadata")->find("namespace") = KValue::str(o.ns);
      o.body.find("metadata")->find("labels")->set(kPhaseLabel, KValue::str(kPhaseBootstrap));
      return o;
    };

    KObject& sql = in_platform(add("v1", "ConfigMap", base, stem, w.location));
    sql.body.set("data", KValue::map({{"bootstrap.sql", KValue::str(postgres_bootstrap_sql(
                                                            b.database, b.role, b.origin))}}));
    KValue script = *sql.body.find("data");

    MasterSecret master = master_secret(w.secret_key, b);
    std::string secret_name = t_.service + "-" + stem + "-master";
    KObject& es = in_platform(external_secret(secret_name, stem, w.location, master.data));
    KValue& es_spec = *es.body.find("spec");
    es_spec.find("target")->set("template", std::move(master.template_));
    if (master.data_from) es_spec.set("dataFrom", std::move(*master.data_from));

    std::string image = psql_image(model_.project);
    KValue pod = psql_pod(psql_container(image, secret_name, b.database), base);
    KValue job_spec = KValue::map();
    job_spec.set("backoffLimit", KValue::num(3));
    job_spec.set("activeDeadlineSeconds", KValue::num(kBootstrapDeadlineSeconds));
    job_spec.set("template", KValue::map({{"metadata", KValue::map({{"labels", labels(stem)}})},
                                          {"spec", std::move(pod)}}));
    // Like every workload, the Job and its pods carry app.kubernetes.io/version: psql's tag
    // (an image named by digest alone has none).
    std::string version = psql_version(image);
    if (!version.empty())
      job_spec.find("template")
          ->find("metadata")
          ->find("labels")
          ->set("app.kubernetes.io/version", KValue::str(version));
    KValue hashed = KValue::map({{"script", std::move(script)}, {"job", job_spec}});
    KObject& job =
        in_platform(add("batch/v1", "Job", base + "-" + content_hash(hashed, 8), stem, w.location));
    if (!version.empty())
      job.body.find("metadata")
          ->find("labels")
          ->set("app.kubernetes.io/version", KValue::str(version));
    job.body.set("spec", std::move(job_spec));
  }

  static KValue secret_env(const std::string& var, const std::string& secret,
                           const std::string& key, Location at) {
    return KValue::map(
        {{"name", KValue::str(var, at)},
         {"valueFrom", KValue::map({{"secretKeyRef", KValue::map({{"name", KValue::str(secret)},
                                                                  {"key", KValue::str(key)}})}})}});
  }

  // What one workload of a component runs: the service's image (--image-tag applied) or, for
  // the stable Deployment of a Kubernetes rollout, rollout.stable; canaries carry a track label.
  struct Variant {
    std::string image, version, track;
  };
  Variant service_variant() const {
    return {deployed_image(t_.image, options_.image_tag), version(), ""};
  }
  // rollout.stable is what runs now: --image-tag (the new build) never replaces it.
  static Variant stable_variant(const Component& c) {
    return {deployed_image(c.rollout_stable, ""), deployed_version(c.rollout_stable, ""), ""};
  }
  static bool has_canary(const Component& c) { return !c.rollout_stable.reference.empty(); }

  // A rollout runs two tracks of one component that must not select each other's pods, or a
  // 90/10 route sends about half its requests to the canary, in-cluster callers of the stable
  // Service reach it, and the stable HPA, PDB and spread count its pods. A Deployment's
  // spec.selector is immutable, so the stable track keeps `selector` exactly: starting or
  // ending a canary never changes it (that would mean deleting the Deployment that serves),
  // and services without a canary are untouched. The canary is what differs: its pods carry
  // `app.kubernetes.io/name: <service>-canary` (pod_template), which the stable selector
  // misses, and it is selected by {component, track: canary}, which no stable pod carries.
  // Its component label stays, so logs, scraping and the SLO still cover it. Leaving the name
  // out of the canary's selector also keeps the pods of a canary started by an earlier infrac
  // (named <service>) behind its Service until its Deployment, whose selector differs, is
  // recreated (docs/ci.md).
  KValue track_selector(const Component& c, const Variant& v) const {
    if (v.track.empty()) return selector(c.name);
    return KValue::map({{"app.kubernetes.io/component", KValue::str(c.name)},
                        {kTrackLabel, KValue::str(v.track)}});
  }

  KValue container(const Component& c, const Variant& v) const {
    KValue k = KValue::map();
    Location cpu_at = c.written.cpu.value_or(c.resources_location);
    Location memory_at = c.written.memory.value_or(c.resources_location);
    k.set("name", KValue::str(c.name, c.location));
    k.set("image", KValue::str(v.image, t_.image.location));
    if (!c.command.empty()) k.set("command", KValue::strings(c.command, c.location));
    if (!c.args.empty()) k.set("args", KValue::strings(c.args, c.location));
    KValue ports = container_ports(c, metrics_port_name(c) == "metrics");
    if (!ports.items.empty()) k.set("ports", std::move(ports));
    if (has_config_map_) {
      k.set("envFrom", KValue::list({KValue::map(
                           {{"configMapRef", KValue::map({{"name", KValue::str(t_.service)}})}})}));
    }
    std::vector<KValue> env = telemetry_env(c, v.version);
    env.insert(env.end(), env_.begin(), env_.end());
    if (!env.empty()) k.set("env", KValue::list_from(std::move(env)));
    Location limit_at = c.written.memory_limit.value_or(memory_at);
    k.set("resources", container_resources(c, cpu_at, memory_at, limit_at));
    add_runtime_settings(c, k);
    return k;
  }

  // The deployed image's tag; for an image pinned only by digest, the digest's algorithm and
  // first 12 hex digits (a label value has at most 63 characters and no ':').
  std::string version() const { return deployed_version(t_.image, options_.image_tag); }

  // Workloads and their pods also carry the version they run.
  KValue workload_labels(const Component& c, const Variant& v) const {
    KValue l = labels(c.name);
    if (!v.version.empty()) l.set("app.kubernetes.io/version", KValue::str(v.version));
    if (!v.track.empty()) l.set(kTrackLabel, KValue::str(v.track));
    return l;
  }

  void label_as_workload(KObject& o, const Component& c, const Variant& v) const {
    *o.body.find("metadata")->find("labels") = workload_labels(c, v);
  }

  KValue pod_template(const Component& c, bool run_once, const Variant& v) const {
    KValue metadata = KValue::map();
    KValue labels = workload_labels(c, v);
    // A track's pods fall outside the stable selector (track_selector).
    if (!v.track.empty()) *labels.find(kNameLabel) = KValue::str(t_.service + "-" + v.track);
    const KubernetesEscape& escape = c.kubernetes;
    for (const auto& [k, value] : escape.labels) labels.set(k, KValue::str(value, escape.location));
    metadata.set("labels", std::move(labels));
    KValue annotations = KValue::map();
    for (const auto& [k, value] : escape.annotations)
      annotations.set(k, KValue::str(value, escape.location));
    // Pods restart when their plain configuration changes.
    if (!config_hash_.empty()) annotations.set("infrac.dev/config-hash", KValue::str(config_hash_));
    if (!annotations.entries.empty()) metadata.set("annotations", std::move(annotations));
    KValue spec = KValue::map();
    spec.set("serviceAccountName", KValue::str(t_.service));
    if (run_once) spec.set("restartPolicy", KValue::str("Never"));
    spec.set("securityContext", pod_security_context(c));
    spec.set("terminationGracePeriodSeconds", KValue::num(c.termination_grace_seconds));
    if (c.max_replicas >= 2 && !run_once) spec.set("topologySpreadConstraints", spread(c, v));
    spec.set("containers", KValue::list({container(c, v)}));
    // Sidecars are native sidecars: init containers that keep running (restartPolicy:
    // Always), started before the component and stopped after it, so a Job or CronJob
    // completes when its own container does
    // (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/; on by default
    // since Kubernetes 1.29, below the 1.30 the preStop sleep action already needs).
    if (!escape.sidecars.empty()) {
      KValue sidecars = KValue::list();
      for (const auto& sidecar : escape.sidecars)
        sidecars.items.push_back(sidecar_container(sidecar));
      spec.set("initContainers", std::move(sidecars));
    }
    add_scheduling(escape, spec);
    spec.set(
        "volumes",
        KValue::list({KValue::map({{"name", KValue::str("tmp")}, {"emptyDir", KValue::map()}})}));
    return KValue::map({{"metadata", std::move(metadata)}, {"spec", std::move(spec)}});
  }

  // Replicas spread over zones and nodes. In production, with at least two replicas always
  // running, a zone may not take more than its share (DoNotSchedule): a zone outage then
  // leaves the others serving. Elsewhere, and across nodes, spreading is a preference. Each
  // track spreads its own pods, and each rollout counts only the pods of its own ReplicaSet
  // (matchLabelKeys: pod-template-hash): otherwise the old ReplicaSet's pods count, and a
  // strict zone constraint can leave new pods Pending until the old ones go, stalling the
  // rollout (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/,
  // beta and on by default since Kubernetes 1.27).
  KValue spread(const Component& c, const Variant& v) const {
    bool strict_zones = t_.production && c.min_replicas >= 2;
    auto constraint = [&](const char* key, bool strict) {
      return KValue::map(
          {{"maxSkew", KValue::num(1)},
           {"topologyKey", KValue::str(key)},
           {"whenUnsatisfiable", KValue::str(strict ? "DoNotSchedule" : "ScheduleAnyway")},
           {"labelSelector", KValue::map({{"matchLabels", track_selector(c, v)}})},
           {"matchLabelKeys", KValue::strings({"pod-template-hash"})}});
    };
    return KValue::list({constraint("topology.kubernetes.io/zone", strict_zones),
                         constraint("kubernetes.io/hostname", false)});
  }

  void component(const Component& c) {
    std::string name = t_.service + "-" + c.name;
    switch (c.type) {
      case ComponentType::Http:
      case ComponentType::Grpc:
      case ComponentType::Worker:
        deployment(c, name);
        break;
      case ComponentType::Cron:
        cron_job(c, name);
        break;
      case ComponentType::Job:
        job(c, name);
        break;
    }
  }

  void deployment(const Component& c, const std::string& name) {
    workload_deployment(c, name, has_canary(c) ? stable_variant(c) : service_variant());
    if (has_canary(c)) canary(c, name);
    component_service(c);
    autoscaling(c, name);
  }

  // A Kubernetes rollout: the service's image in a Deployment of its own, behind a Service of
  // its own that the public route weighs against the stable one (http_route). The two tracks
  // select only their own pods (track_selector), so the route's split is the share of
  // requests each track serves, and the service's own Service, which in-cluster callers use,
  // reaches the stable track only. The canary's pods keep the component's label, so
  // NetworkPolicies and the SLO cover them; its Service carries the component's labels and
  // metrics port, so the component's ServiceMonitor scrapes it too.
  void canary(const Component& c, const std::string& name) {
    Variant v = service_variant();
    v.track = "canary";
    std::string canary_name = name + "-canary";
    int percent_replicas = (c.min_replicas * c.rollout_percent + 99) / 100;
    Location at = c.rollout_location;
    workload_deployment(c, canary_name, v, std::max(1, percent_replicas));
    std::string svc = service_name(c) + "-canary";
    check_name("service", svc, at);
    KObject& s = add("v1", "Service", svc, c.name, at);
    s.body.find("metadata")->find("labels")->set(kTrackLabel, KValue::str(v.track));
    KValue ports = KValue::list({serving_port(c)});
    if (metrics_port_name(c) == "metrics") ports.items.push_back(metrics_service_port(c));
    s.body.set("spec", KValue::map({{"type", KValue::str("ClusterIP")},
                                    {"selector", track_selector(c, v)},
                                    {"ports", std::move(ports)}}));
  }

  KValue serving_port(const Component& c) const {
    std::string port_name = c.type == ComponentType::Grpc ? "grpc" : "http";
    KValue port = KValue::map({{"name", KValue::str(port_name)},
                               {"port", KValue::num(c.port, c.location)},
                               {"targetPort", KValue::str(port_name)},
                               {"protocol", KValue::str("TCP")}});
    if (c.type == ComponentType::Grpc) port.set("appProtocol", KValue::str("kubernetes.io/h2c"));
    return port;
  }

  // `fixed_replicas` > 0: a canary's count (no autoscaler of its own).
  void workload_deployment(const Component& c, const std::string& name, const Variant& v,
                           int fixed_replicas = 0) {
    check_name("workload", name, c.location);
    // Replica counts point where the merged spec (overrides included) wrote them.
    Location replicas_at = c.written.replicas.value_or(c.replicas_location);
    KObject& o = add("apps/v1", "Deployment", name, c.name, c.location);
    label_as_workload(o, c, v);
    KValue spec = KValue::map();
    bool autoscaled = c.max_replicas > c.min_replicas && fixed_replicas == 0;
    // With an autoscaler the HPA owns the replica count; a fixed count would fight it.
    if (fixed_replicas > 0) {
      spec.set("replicas", KValue::num(fixed_replicas, c.rollout_location));
    } else if (!autoscaled) {
      spec.set("replicas", KValue::num(c.min_replicas, replicas_at));
    }
    spec.set("revisionHistoryLimit", KValue::num(5));
    spec.set("selector", KValue::map({{"matchLabels", track_selector(c, v)}}));
    spec.set("strategy",
             KValue::map({{"type", KValue::str("RollingUpdate")},
                          {"rollingUpdate", KValue::map({{"maxSurge", KValue::str("25%")},
                                                         {"maxUnavailable", KValue::num(0)}})}}));
    spec.set("template", pod_template(c, false, v));
    o.body.set("spec", std::move(spec));
  }

  void component_service(const Component& c) {
    if (serves_traffic(c.type)) {
      std::string svc = service_name(c);
      check_name("service", svc, c.location);
      KObject& s = add("v1", "Service", svc, c.name, c.location);
      KValue ports = KValue::list({serving_port(c)});
      if (metrics_port_name(c) == "metrics") ports.items.push_back(metrics_service_port(c));
      s.body.set("spec", KValue::map({{"type", KValue::str("ClusterIP")},
                                      {"selector", selector(c.name)},
                                      {"ports", std::move(ports)}}));
    } else if (c.metrics_port > 0) {
      // A worker serves no traffic; a headless Service only lists its pods for scraping.
      std::string svc = service_name(c);
      check_name("service", svc, c.location);
      KObject& s = add("v1", "Service", svc, c.name, c.metrics_location);
      s.body.set("spec", KValue::map({{"clusterIP", KValue::str("None")},
                                      {"selector", selector(c.name)},
                                      {"ports", KValue::list({metrics_service_port(c)})}}));
    }
  }

  void autoscaling(const Component& c, const std::string& name) {
    Location replicas_at = c.written.replicas.value_or(c.replicas_location);
    Location min_at = c.written.replicas_min.value_or(replicas_at);
    Location max_at = c.written.replicas_max.value_or(replicas_at);
    if (c.max_replicas > c.min_replicas) {
      KObject& h =
          add("autoscaling/v2", "HorizontalPodAutoscaler", name, c.name, c.replicas_location);
      h.body.set(
          "spec",
          KValue::map(
              {{"scaleTargetRef", KValue::map({{"apiVersion", KValue::str("apps/v1")},
                                               {"kind", KValue::str("Deployment")},
                                               {"name", KValue::str(name)}})},
               {"minReplicas", KValue::num(c.min_replicas, min_at)},
               {"maxReplicas", KValue::num(c.max_replicas, max_at)},
               {"metrics",
                KValue::list({KValue::map(
                    {{"type", KValue::str("Resource")},
                     {"resource",
                      KValue::map(
                          {{"name", KValue::str("cpu")},
                           {"target", KValue::map({{"type", KValue::str("Utilization")},
                                                   {"averageUtilization",
                                                    KValue::num(c.autoscale_cpu)}})}})}})})}}));
    }
    // With one replica a PDB protects nothing (maxUnavailable 1 allows evicting it) or blocks
    // every drain (0 allowed); reliability.prod-replicas keeps production at two or more.
    if (c.min_replicas >= 2) {
      KObject& p = add("policy/v1", "PodDisruptionBudget", name, c.name, c.replicas_location);
      p.body.set("spec",
                 KValue::map({{"maxUnavailable", KValue::num(1)},
                              {"selector", KValue::map({{"matchLabels", selector(c.name)}})}}));
    }
  }

  KValue job_spec(const Component& c, const Variant& v) const {
    KValue spec = KValue::map();
    spec.set("backoffLimit", KValue::num(2));
    if (c.timeout_seconds > 0)
      spec.set("activeDeadlineSeconds", KValue::num(c.timeout_seconds, c.location));
    spec.set("template", pod_template(c, true, v));
    return spec;
  }

  void cron_job(const Component& c, const std::string& name) {
    check_name("cronjob", name, c.location);
    KObject& o = add("batch/v1", "CronJob", name, c.name, c.location);
    Variant v = service_variant();
    label_as_workload(o, c, v);
    KValue spec = KValue::map();
    spec.set("schedule", KValue::str(c.schedule, c.location));
    if (!c.timezone.empty()) spec.set("timeZone", KValue::str(c.timezone, c.location));
    spec.set("concurrencyPolicy", KValue::str("Forbid"));
    spec.set("startingDeadlineSeconds", KValue::num(300));
    spec.set("successfulJobsHistoryLimit", KValue::num(3));
    spec.set("failedJobsHistoryLimit", KValue::num(3));
    spec.set("jobTemplate",
             KValue::map({{"metadata", KValue::map({{"labels", workload_labels(c, v)}})},
                          {"spec", job_spec(c, v)}}));
    o.body.set("spec", std::move(spec));
  }

  // A Job's pod template is immutable and a Job runs once, so its name carries a hash of what
  // defines a run. run: once hashes the spec with the image's repository only: a deploy that
  // only moves the image tag keeps the name, and the Job is created only where it does not
  // exist yet (infrac ci apply; Argo CD ignores its template, lower/argocd.cpp), so it does not run
  // again. every-deploy and before-rollout hash the deployed image too. No
  // ttlSecondsAfterFinished: a finished Job that vanished would be created, and run, again.
  // The stdlib's user and group, which the spec did not choose, are left out of the hash, so
  // a Job that ran before infrac set them keeps its name and does not run again.
  void job(const Component& c, const std::string& name) {
    Variant v = service_variant();
    KValue spec = job_spec(c, v);
    Variant unversioned{t_.image.repository, "", ""};
    KValue defining = c.run == JobRun::Once ? job_spec(c, unversioned) : spec;
    if (!c.security_location.known()) {
      KValue* context = defining.find("template");
      context = context ? context->find("spec") : nullptr;
      context = context ? context->find("securityContext") : nullptr;
      if (context) {
        std::erase_if(context->entries, [](const KEntry& e) {
          return e.key == "runAsUser" || e.key == "runAsGroup";
        });
      }
    }
    // Likewise the database name, which infrac passes since the database-roles step: a Job
    // that ran before it keeps its name.
    if (KValue* tmpl = defining.find("template")) {
      KValue* pod = tmpl->find("spec");
      KValue* containers = pod ? pod->find("containers") : nullptr;
      for (std::size_t i = 0; containers && i < containers->items.size(); ++i) {
        KValue* env = containers->items[i].find("env");
        if (!env) continue;
        std::erase_if(env->items, [](const KValue& var) {
          const KValue* from = var.find("valueFrom");
          const KValue* ref = from ? from->find("secretKeyRef") : nullptr;
          const KValue* key = ref ? ref->find("key") : nullptr;
          return key && key->text == "dbname";
        });
      }
    }
    std::string hash = content_hash(defining);
    std::string full = name + "-" + hash;
    check_name("workload", full, c.location);
    KObject& o = add("batch/v1", "Job", full, c.name, c.location);
    label_as_workload(o, c, v);
    KValue& metadata = *o.body.find("metadata");
    const char* phase = c.run == JobRun::BeforeRollout ? kPhaseBeforeRollout
                        : c.run == JobRun::Once        ? kPhaseOnce
                                                       : nullptr;
    if (phase) metadata.find("labels")->set(kPhaseLabel, KValue::str(phase));
    o.body.set("spec", std::move(spec));
  }

  // The container port the metrics are read from: a port of their own ("metrics"), or the
  // serving or health port when the endpoint shares it; empty without metrics.
  std::string metrics_port_name(const Component& c) const {
    if (c.metrics_port == 0) return {};
    if (serves_traffic(c.type) && c.metrics_port == c.port)
      return c.type == ComponentType::Grpc ? "grpc" : "http";
    if (c.health_port > 0 && c.metrics_port == c.health_port) return "health";
    return "metrics";
  }

  static KValue metrics_service_port(const Component& c) {
    return KValue::map({{"name", KValue::str("metrics")},
                        {"port", KValue::num(c.metrics_port, c.metrics_location)},
                        {"targetPort", KValue::str("metrics")},
                        {"protocol", KValue::str("TCP")}});
  }

  // lower/telemetry.h; the endpoint is the in-cluster collector's.
  std::vector<KValue> telemetry_env(const Component& c, const std::string& version) const {
    std::vector<KValue> env;
    for (auto& [name, value] : infrac::telemetry_env(model_, t_, c, version, true))
      env.push_back(KValue::map({{"name", KValue::str(name)}, {"value", KValue::str(value)}}));
    return env;
  }

  // Prometheus Operator scrapes through a ServiceMonitor: the component's Service, its
  // metrics port, and the pod's component label copied onto every series (the SLO rules and
  // dashboards select by namespace and component).
  void service_monitor(const Component& c) {
    std::string port = metrics_port_name(c);
    if (port.empty()) return;
    KObject& o = add("monitoring.coreos.com/v1", "ServiceMonitor", service_name(c), c.name,
                     c.metrics_location);
    KValue relabel =
        KValue::map({{"sourceLabels",
                      KValue::strings({"__meta_kubernetes_pod_label_app_kubernetes_io_component"})},
                     {"targetLabel", KValue::str(kComponentLabel)}});
    KValue endpoint = KValue::map({{"port", KValue::str(port)},
                                   {"path", KValue::str(c.metrics_path, c.metrics_location)},
                                   {"interval", KValue::str("30s")},
                                   {"relabelings", KValue::list({std::move(relabel)})}});
    o.body.set("spec", KValue::map({{"selector", KValue::map({{"matchLabels", selector(c.name)}})},
                                    {"endpoints", KValue::list({std::move(endpoint)})}}));
  }

  // SLO recording rules and burn-rate alerts (lower/slo_rules.h), then the standard alerts
  // (lower/standard_alerts.h), in one PrometheusRule named after the service.
  void prometheus_rule() {
    std::vector<KValue> groups = slo_rule_groups(t_, dashboard_uid(model_, t_));
    KValue standard = standard_alert_group(t_);
    if (!standard.find("rules")->items.empty()) groups.push_back(std::move(standard));
    if (groups.empty()) return;
    KObject& o = add("monitoring.coreos.com/v1", "PrometheusRule", t_.service, "alerts",
                     t_.slo ? t_.slo->location : service_location());
    if (t_.slo) {
      KValue annotations = KValue::map();
      auto defs = slo_definitions(t_);
      for (const auto& d : defs) {
        annotations.set(
            "infrac.dev/slo-" + d.name,
            KValue::str(d.objective_text + "% over " + std::to_string(t_.slo->window_days) + "d"));
      }
      o.body.find("metadata")->set("annotations", std::move(annotations));
    }
    o.body.set("spec", KValue::map({{"groups", KValue::list_from(std::move(groups))}}));
  }

  // The dashboard as a ConfigMap Grafana's sidecar loads (label grafana_dashboard, folder in
  // the grafana_folder annotation: the kube-prometheus-stack chart's defaults). Its data value
  // is the dashboard itself; emit/layout.cpp prints it as JSON text, once for this object and
  // once as dashboards/<env>/<service>.json.
  void dashboard() {
    KObject& o = add("v1", "ConfigMap", t_.service + "-dashboard", "dashboard", service_location());
    KValue& metadata = *o.body.find("metadata");
    metadata.find("labels")->set("grafana_dashboard", KValue::str("1"));
    metadata.set("annotations",
                 KValue::map({{"grafana_folder",
                               KValue::str(model_.project.observability.dashboard_folder)}}));
    KValue data = KValue::map();
    data.set(dashboard_uid(model_, t_) + ".json", grafana_dashboard(model_, t_));
    o.body.set("data", std::move(data));
  }

  // Ingress from the service's own pods, its callers and the gateway; default-deny egress
  // (lower/network_policy.cpp).
  void network_policies() {
    KObject& in =
        add("networking.k8s.io/v1", "NetworkPolicy", t_.service, "network", service_location());
    in.body.set("spec", ingress_policy_spec(model_, t_));
    KObject& out = add("networking.k8s.io/v1", "NetworkPolicy", t_.service + "-egress", "network",
                       service_location());
    KValue annotations = KValue::map();
    if (std::string hosts = egress_hosts(t_); !hosts.empty())
      annotations.set("infrac.dev/egress-hosts", KValue::str(hosts));
    if (std::string hosts = hosts_not_enforced(t_); !hosts.empty())
      annotations.set("infrac.dev/hosts-not-enforced", KValue::str(hosts));
    if (!annotations.entries.empty())
      out.body.find("metadata")->set("annotations", std::move(annotations));
    out.body.set("spec", egress_policy_spec(model_, t_));
  }

  void http_route() {
    if (!t_.public_url) return;
    const auto& gw = model_.project.kubernetes;
    const Component* c = nullptr;
    for (const auto& comp : t_.components) {
      if (comp.is_public) c = &comp;
    }
    if (!c) return;
    KObject& o = add("gateway.networking.k8s.io/v1", "HTTPRoute", t_.service, c->name,
                     t_.public_url->location);
    KValue parent = KValue::map({{"name", KValue::str(gw.gateway_name)}});
    if (!gw.gateway_namespace.empty()) parent.set("namespace", KValue::str(gw.gateway_namespace));
    std::string path = t_.public_url->path.empty() ? "/" : t_.public_url->path;
    Location at = t_.public_url->location;
    o.body.set(
        "spec",
        KValue::map(
            {{"parentRefs", KValue::list({std::move(parent)})},
             {"hostnames", KValue::list({KValue::str(t_.public_url->host, at)})},
             {"rules",
              KValue::list({KValue::map(
                  {{"matches", KValue::list({KValue::map(
                                   {{"path", KValue::map({{"type", KValue::str("PathPrefix")},
                                                          {"value", KValue::str(path, at)}})}})})},
                   {"backendRefs", backend_refs(*c)}})})}}));
  }

  // Gateway API splits a rule's requests over its backendRefs by weight: a rollout gives
  // the canary Service `percent` and the stable one the rest.
  // https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
  KValue backend_refs(const Component& c) const {
    KValue stable =
        KValue::map({{"name", KValue::str(service_name(c))}, {"port", KValue::num(c.port)}});
    if (!has_canary(c)) return KValue::list({std::move(stable)});
    stable.set("weight", KValue::num(100 - c.rollout_percent, c.rollout_location));
    return KValue::list(
        {std::move(stable),
         KValue::map({{"name", KValue::str(service_name(c) + "-canary")},
                      {"port", KValue::num(c.port)},
                      {"weight", KValue::num(c.rollout_percent, c.rollout_location)}})});
  }

  const Model& model_;
  const Target& t_;
  const CloudLowering& cloud_;
  const LowerOptions& options_;
  Diagnostics& diagnostics_;
  std::vector<KObject> objects_;
  std::vector<KValue> env_;  // secret-backed variables, by name
  std::string config_hash_;
  bool has_config_map_ = false;
};

}  // namespace

std::string deployed_image(const Image& image, const std::string& image_tag) {
  if (image_tag.empty() || !image.digest.empty()) return image.reference;
  return image.repository + ":" + image_tag;
}

std::vector<KObject> lower_kubernetes(const Model& model, const Target& target,
                                      const CloudLowering& cloud, const LowerOptions& options,
                                      Diagnostics& diagnostics) {
  return KubernetesLowering(model, target, cloud, options, diagnostics).run();
}

std::vector<KObject> lower_database_roles(const Model& model, const Target& target,
                                          const CloudLowering& cloud, const LowerOptions& options,
                                          Diagnostics& diagnostics) {
  return KubernetesLowering(model, target, cloud, options, diagnostics).database_roles_only();
}

}  // namespace infrac
