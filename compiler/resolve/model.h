// The meaning model: the project and every target (one service in one environment) after
// overrides, defaults and resolution, typed, and still pointing back at the spec lines.
// Built by build_model.cpp (per file) and resolve.cpp (across services). Nothing here knows
// YAML or any output format.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/location.h"
#include "resolve/needs.h"
#include "resolve/platform.h"
#include "resolve/target_graph.h"

namespace infrac {

enum class Cloud { Aws, Gcp };
// Where a service's workloads run: Kubernetes (EKS/GKE) or Cloud Run (gcp only).
enum class Runtime { Kubernetes, CloudRun };
// How a component's metrics reach Prometheus (docs/observability.md#the-metrics-contract):
// prometheus: the SDK's Prometheus exporter serves them and a ServiceMonitor scrapes the pod;
// otlp: the SDK pushes them to the collector, whose Prometheus exporter is scraped instead.
enum class MetricsVia { None, Prometheus, Otlp };
// "aws" / "gcp": the stdlib table and the modules/ folder of the cloud.
inline std::string_view cloud_name(Cloud cloud) {
  return cloud == Cloud::Gcp ? "gcp" : "aws";
}

struct Environment {
  std::string name;
  Location location;
  std::string account;
  std::string cluster;
  std::string context;  // the kubeconfig context (default: the cluster name)
  std::string domain;
  std::string gcp_project;
  std::string region;           // the project's region unless overridden
  std::string registry;         // the project's registry unless overridden
  std::string security_policy;  // gcp: Cloud Armor policy of the public load balancer, if any
  // Named in the cloud's production_environments (stdlib/clouds/*.yaml): deletion protection,
  // longer backups and the $production policies apply.
  bool production = false;
  // alerts: team -> the SNS topic ARN or notification channel its alarms notify here.
  std::map<std::string, std::string> alert_targets;
  Location alerts_location;                         // the alerts key, when written
  std::map<std::string, Location> alert_locations;  // team -> its key under alerts
  Platform platform;  // spec.platform with this environment's overrides (resolve/platform.h)
};

struct Project {
  std::string name;
  FileId file = kNoFile;
  Location location;  // the start of infrac.yaml
  Cloud cloud = Cloud::Aws;
  std::string region;
  std::string gcp_project;
  std::string registry;
  std::vector<std::string> teams;
  std::vector<std::string> domains;
  std::vector<Environment> environments;  // in file order: the promotion order
  struct {
    std::string required_version;
    std::string backend_type = "local";
    std::string bucket, lock_table, backend_region, prefix;
    std::string modules = "infrac";
    // spec.terraform.own_types: what a service's own .tf files may declare beyond stdlib's list
    // (resolve/own_terraform_types.h).
    std::set<std::string> own_resource_types, own_data_source_types;
  } terraform;
  struct {
    std::string gateway_name, gateway_namespace;
    std::string cluster_domain = "cluster.local";
    std::string telemetry_namespace;  // the collector pods may send telemetry to, when set
    std::vector<int> telemetry_ports;
  } kubernetes;
  struct {
    std::string otlp_endpoint;         // OTEL_EXPORTER_OTLP_ENDPOINT of every pod, when set
    std::string prometheus_namespace;  // admitted to the pods' metrics ports (stdlib: monitoring)
    std::string dashboard_folder = "Services";
    // observability.metrics.via: every component's unless it says otherwise (stdlib: prometheus)
    MetricsVia metrics_via = MetricsVia::Prometheus;
    Location metrics_via_location;
  } observability;
  // spec.delivery.argocd: an Argo CD Application per Kubernetes target when repo_url is set.
  struct {
    std::string repo_url, revision = "main", path, project = "default", ns = "argocd";
  } argocd;
  std::vector<std::string> policies;
  std::vector<Location> policy_locations;  // parallel to policies
  Location policies_location;              // the key, when written
  // spec.delivery.psql_image: the database-roles Jobs' image (empty: the default).
  std::string psql_image;
  Location psql_image_location;
  // spec.secrets.shared: a key outside a service's own prefix (`<service>/...`) and the
  // services that may read it.
  struct SharedSecret {
    std::string key;
    std::vector<std::string> services;
    std::vector<Location> service_locations;  // parallel to services
    Location location;
  };
  std::vector<SharedSecret> shared_secrets;
  int max_exception_days = 180;
  std::string output = "out";
  Runtime runtime = Runtime::Kubernetes;  // spec.runtime: the default of every service

  const Environment* environment(std::string_view env) const;
};

enum class ComponentType { Http, Grpc, Worker, Cron, Job };
// When a job component runs (spec `run:`): once per change of its definition (the image tag
// left out), once per deployed image, or as a migration before the service's pods roll out.
enum class JobRun { Once, EveryDeploy, BeforeRollout };
std::string_view component_type_name(ComponentType type);
inline bool serves_traffic(ComponentType t) {
  return t == ComponentType::Http || t == ComponentType::Grpc;
}

struct Image {
  std::string reference;  // full reference, registry applied
  std::string repository;
  std::string tag;  // or empty when pinned by digest
  std::string digest;
  Location location;
};

// A pod toleration (component kubernetes.tolerations).
struct Toleration {
  std::string key, op = "Equal", value, effect;
  int seconds = -1;  // -1: not set
};

// An extra container in a component's pods (kubernetes.sidecars), restricted like the main one.
struct Sidecar {
  std::string name;
  Image image;
  std::vector<std::string> command, args;
  int port = 0;
  Location port_location;
  std::string cpu, memory;
  Location location;
};

// What a component's spec sets on Kubernetes that infrac does not derive (kubernetes:); every
// use is reported by the escape.* policy rules.
struct KubernetesEscape {
  std::map<std::string, std::string> annotations, labels, node_selector;
  std::vector<Toleration> tolerations;
  std::vector<Sidecar> sidecars;  // by name
  Location location;
  // Where a map field's value and each of its keys' values were written (findings on them).
  struct WrittenMap {
    Location at;
    std::map<std::string, Location> keys;
  };
  WrittenMap annotations_written, labels_written, node_selector_written;
  Location tolerations_location, sidecars_location;
  bool empty() const {
    return annotations.empty() && labels.empty() && node_selector.empty() && tolerations.empty() &&
           sidecars.empty();
  }
};

// Where the spec wrote each field the policy subject shows of a component (nothing: not
// written), so lowering and the subject read the model rather than the YAML tree.
struct ComponentWritten {
  using At = std::optional<Location>;
  At type, port, expose, command, args, consumes, schedule, timezone, health, health_path;
  At replicas, replicas_min, replicas_max, autoscale, autoscale_cpu;
  At cpu, memory, memory_limit;
  At timeout;
  std::string timeout_text;  // as written ("30m"), when timeout is
};

struct Component {
  std::string name;
  Location location;  // the component's key
  // The previous name (renamed_from): Terraform state moves from it, Cloud Run keeps its name.
  std::string renamed_from;
  Location renamed_from_location;
  KubernetesEscape kubernetes;
  ComponentType type = ComponentType::Http;
  int port = 0;  // http/grpc only
  std::vector<std::string> command, args;
  int min_replicas = 1, max_replicas = 1;
  Location replicas_location;
  int autoscale_cpu = 70;
  std::string cpu, memory;
  // The memory limit: resources.memory_limit, else the request (Cloud Run: the instance's).
  std::string memory_limit;
  Location resources_location;
  // The numeric user and group the pods run as (security: the component's, else the
  // service's, else stdlib's), so runAsNonRoot can be verified for any image.
  std::int64_t run_as_user = 0, run_as_group = 0;
  Location security_location;  // where the spec set them; unknown for stdlib's
  std::string health_path;     // http: readiness path; worker: health endpoint path
  std::string liveness_path;   // http: cheap liveness path; empty: a TCP check of the port
  int health_port = 0;         // worker: HTTP health endpoint port (0: none)
  std::vector<std::string> health_command;  // worker: exec health check
  int startup_seconds = 60;
  int pre_stop_seconds = 0, termination_grace_seconds = 30;  // from the stdlib, per type
  bool is_public = false;
  std::vector<std::string> consumes;
  std::string schedule, timezone;
  // Cloud Run http components: the share of traffic this template's revision gets; the rest
  // stays on the revision serving the most now (read from the live service at plan time).
  int rollout_percent = 100;
  Location rollout_location;
  // Kubernetes rollouts: the image the stable Deployment keeps serving (rollout.stable); the
  // canary Deployment runs the service's image.
  Image rollout_stable;
  JobRun run = JobRun::Once;  // job components
  Location run_location;
  std::int64_t timeout_seconds = 0;  // 0: no deadline
  // The Prometheus endpoint (http, grpc, worker; stdlib default 9090 /metrics); 0: none,
  // which is also the case with metrics_via Otlp (nothing scrapes the pod then).
  int metrics_port = 0;
  std::string metrics_path;
  Location metrics_location;
  MetricsVia metrics_via = MetricsVia::None;  // None: cron, job, Cloud Run, metrics: false
  Location metrics_via_location;              // where via was written, spec's or project's
  ComponentWritten written;
};

struct Datastore {
  std::string name;
  Location location;
  std::string type;  // postgres, redis, bucket, queue, or anything else (judged by policy)
  Location type_location;
  std::string version;
  std::string size;
  Location version_location, size_location;  // where the spec wrote them; unknown for defaults
  Location ha_location, storage_gb_location, versioning_location, fifo_location;  // likewise
  bool ha = false;
  int storage_gb = 0;
  bool versioning = false;
  bool fifo = false;
  // Cloud SQL edition (postgres on Google Cloud): ENTERPRISE unless the spec says
  // enterprise_plus; edition_location is unknown when the spec did not write it.
  std::string edition = "ENTERPRISE";
  Location edition_location;
  // adopt: the name of an existing resource Terraform imports instead of creating one.
  std::string adopt;
  Location adopt_location;
  // renamed_from: the previous name; state moves from it and physical names keep it.
  std::string renamed_from;
  Location renamed_from_location;
  bool major_upgrade = false;  // a change of major version is allowed
  Location major_upgrade_location;
  // The name physical resources derive from: the previous one after a rename.
  const std::string& stem() const { return renamed_from.empty() ? name : renamed_from; }
};

// publishes: a queue of another service this one sends to.
struct Publish {
  std::string service, queue;
  Location location;
};

// iam: one extra grant to the service's identity (AWS: actions on resources; GCP: a role).
struct IamGrant {
  std::vector<std::string> actions, resources;
  std::string role, reason;
  Location location;
};

struct Dependency {
  std::string service;
  std::string env_name;  // variable receiving the URL
  Location location;
  Location env_location;  // where `env:` names the variable, when it does
  // url (http://host:port), address (host:port, as gRPC clients and *_ADDR variables take
  // it) or host: callers written against one of these forms keep it.
  std::string form = "url";
};

enum class EnvSource { Literal, ServiceUrl, DatastoreOutput, Secret };
std::string_view env_source_name(EnvSource source);  // literal, service_url, datastore, secret

struct EnvVar {
  std::string name;
  EnvSource source = EnvSource::Literal;
  std::string value;        // Literal and ServiceUrl
  Location value_location;  // Literal: where the value is written
  std::string secret_key;   // Secret
  std::string secret_property;
  Location secret_key_location;
  std::string datastore;  // DatastoreOutput: which datastore ...
  std::string output;     // ... and which of its outputs (host, port, bucket, queue_url, ...)
  std::string callee;     // ServiceUrl: the service called
  Location location;      // where the variable comes from in the spec
};

struct PublicUrl {
  std::string url;  // as derived for this environment
  std::string scheme, host, path;
  Location location;
};

// A destination outside the cluster the service's pods may connect to (spec egress:).
struct Egress {
  std::string host, cidr;  // one of them
  int port = 0;
  std::string reason;
  Location location;
};

// One objective of a service level: the share of good requests, in thousandths of a percent
// (99.9 -> 99900; spec/slo_values.h). 0: not set.
struct SloObjective {
  std::int64_t objective = 0;
  std::string text;  // as written, "99.9"
  Location location;
};

// spec.slo: objectives measured on one serving component's request metrics.
struct Slo {
  std::string component;  // an http or grpc component
  int window_days = 28;
  SloObjective availability;
  SloObjective latency;
  std::int64_t latency_threshold_ms = 0;
  Location location;
};

// Where the spec wrote each of its sections (the value under the key), after the
// environment's overrides; nothing: not written. Findings about a whole section point there.
struct TargetWritten {
  using At = std::optional<Location>;
  At components, datastores, secrets, env, dependencies, publishes, iam, egress;
};

// One service in one environment: the unit infrac compiles. It holds no YAML: the merged spec
// it was built from lives only until resolve's checks across services have read it
// (ServiceBuild::specs).
struct Target {
  std::string env;
  std::string service;
  std::string id() const { return env + "/" + service; }
  FileId file = kNoFile;
  TargetWritten written;
  std::string team, tier, description;
  Image image;
  std::vector<Component> components;     // by name
  std::vector<Datastore> datastores;     // by name
  std::vector<Dependency> dependencies;  // as written
  std::vector<Egress> egress;            // as written
  std::vector<Publish> publishes;        // as written
  std::vector<IamGrant> iam;             // as written
  // Files of services/<name>/terraform/*.tf and services/<name>/patches/*.yaml, relative to
  // the service's folder (escape hatches, docs/escape-hatches.md).
  std::vector<std::string> extra_terraform, kubernetes_patches;
  std::vector<std::string>
      callers;  // services of this environment that depend on this one, by name
  std::optional<PublicUrl> public_url;
  std::string internal_url;  // empty when the service has no http/grpc component
  int internal_port = 0;
  std::vector<EnvVar> env_vars;  // final variables, by name
  Runtime runtime = Runtime::Kubernetes;
  Location runtime_location;  // the spec's runtime field, or the service
  std::string openapi;        // Cloud Run: the service's own OpenAPI file, relative to its folder
  Location openapi_location;
  bool production = false;  // the environment's (Environment::production)
  std::optional<Slo> slo;
  // Where this service's team's alarms notify in this environment (Environment::alert_targets);
  // empty when the environment names none for the team.
  std::string alert_target;
  // What its workloads must reach and what must reach them (resolve/needs.h), derived once
  // after the target graph.
  std::vector<Need> needs;

  // The first serving (http/grpc) component in name order, or null: it owns the service's
  // internal URL, its Kubernetes Service and its Cloud Run service carry the service's name.
  const Component* serving_component() const;
  // The name of a component's Service, Cloud Run service or job: the service's own name for
  // the serving component, <service>-<component> for every other.
  std::string component_object_name(const Component& c) const;
};

struct Service {
  std::string name;
  FileId file = kNoFile;
  Location name_location;
  // Where metadata's team, tier and description are written; unknown when they are not.
  Location team_location, tier_location, description_location;
};

struct Model {
  Project project;
  std::vector<Service> services;  // by name
  std::vector<Target> targets;    // environment order, then service name
  TargetGraph graph;              // every target's edges (resolve/target_graph.h)

  // Where a service's metadata.name is written (what whole-service findings point at).
  Location service_location(std::string_view service) const;
  bool has_service(std::string_view name) const;
  const Service* service(std::string_view name) const;  // null when there is none
  // The target of `service` in `env`, by binary search; null when there is none.
  const Target* target(std::string_view env, std::string_view service) const;
};

}  // namespace infrac
