#include <algorithm>

#include "base/did_you_mean.h"
#include "resolve/build_model.h"
#include "resolve/cloud_tables.h"
#include "resolve/environment_clusters.h"
#include "resolve/platform_read.h"
#include "resolve/regions.h"
#include "resolve/stdlib.h"
#include "spec/schema.h"
#include "spec/validate.h"

namespace infrac {

const Environment* Project::environment(std::string_view env) const {
  for (const auto& e : environments) {
    if (e.name == env) return &e;
  }
  return nullptr;
}

namespace {

void read_shared_secrets(const Node& spec, Project& p) {
  const Node* shared = find_path(spec, {"secrets", "shared"});
  if (!shared) return;
  for (const auto& item : shared->items) {
    Project::SharedSecret secret{text_at(item, "key"), {}, {}, item.location};
    if (const Node* services = item.find("services")) {
      for (const auto& s : services->items) {
        secret.services.push_back(s.text);
        secret.service_locations.push_back(s.location);
      }
    }
    p.shared_secrets.push_back(std::move(secret));
  }
}

void read_environments(const Node& spec, Project& p) {
  for (const auto& entry : spec.find("environments")->entries) {
    Environment env;
    env.name = entry.key;
    env.location = entry.key_location;
    env.account = text_at(entry.value, "account");
    env.cluster = text_at(entry.value, "cluster");
    env.context = text_at(entry.value, "context", env.cluster);
    env.domain = text_at(entry.value, "domain");
    env.gcp_project = text_at(entry.value, "project", p.gcp_project);
    env.region = text_at(entry.value, "region", p.region);
    env.registry = text_at(entry.value, "registry", p.registry);
    env.security_policy = text_at(entry.value, "security_policy");
    env.production = cloud_table(p.cloud).is_production(env.name);
    if (const MapEntry* alerts = entry.value.find_entry("alerts")) {
      env.alerts_location = alerts->key_location;
      for (const auto& a : alerts->value.entries) {
        env.alert_targets[a.key] = a.value.text;
        env.alert_locations.emplace(a.key, a.key_location);
      }
    }
    p.environments.push_back(std::move(env));
  }
}

// spec.terraform: versions, modules and the state backend (a remote one needs a bucket).
bool read_terraform(const Node& spec, const Stdlib& defaults, Project& p,
                    Diagnostics& diagnostics) {
  p.terraform.required_version = defaults.required_version;
  p.terraform.modules = defaults.modules;
  const Node* tf = spec.find("terraform");
  if (!tf) return true;
  p.terraform.required_version = text_at(*tf, "required_version", defaults.required_version);
  p.terraform.modules = text_at(*tf, "modules", defaults.modules);
  if (const Node* own = tf->find("own_types")) {
    for (auto [field, out] : {std::pair{"resources", &p.terraform.own_resource_types},
                              {"data_sources", &p.terraform.own_data_source_types}}) {
      if (const Node* list = own->find(field))
        for (const auto& item : list->items) out->insert(item.text);
    }
  }
  const MapEntry* backend_entry = tf->find_entry("backend");
  if (!backend_entry) return true;
  const Node* backend = &backend_entry->value;
  p.terraform.backend_type = text_at(*backend, "type", "local");
  p.terraform.bucket = text_at(*backend, "bucket");
  p.terraform.lock_table = text_at(*backend, "dynamodb_table");
  p.terraform.backend_region = text_at(*backend, "region", p.region);
  p.terraform.prefix = text_at(*backend, "prefix");
  if (p.terraform.backend_type != "local" && p.terraform.bucket.empty()) {
    Diagnostic& d = diagnostics.add(
        DiagCode::kMissingField, backend_entry->key_location,
        "spec.terraform.backend of type " + p.terraform.backend_type + " needs a bucket");
    d.help = "add bucket: <state bucket name>";
    return false;
  }
  return true;
}

void read_kubernetes(const Node& spec, const Stdlib& defaults, Project& p) {
  p.kubernetes.cluster_domain = defaults.cluster_domain;
  p.kubernetes.gateway_name = defaults.gateway_name;
  p.kubernetes.gateway_namespace = defaults.gateway_namespace;
  const Node* k8s = spec.find("kubernetes");
  if (!k8s) return;
  p.kubernetes.cluster_domain = text_at(*k8s, "cluster_domain", defaults.cluster_domain);
  if (const Node* gw = k8s->find("gateway")) {
    p.kubernetes.gateway_name = text_at(*gw, "name", defaults.gateway_name);
    p.kubernetes.gateway_namespace = text_at(*gw, "namespace", defaults.gateway_namespace);
  }
  if (const Node* telemetry = k8s->find("telemetry")) {
    p.kubernetes.telemetry_namespace = text_at(*telemetry, "namespace");
    if (const Node* ports = telemetry->find("ports")) {
      for (const auto& port : ports->items)
        p.kubernetes.telemetry_ports.push_back(static_cast<int>(port.as_int()));
    }
  }
}

void read_delivery(const Node& spec, Project& p) {
  if (const Node* image = find_path(spec, {"delivery", "psql_image"})) {
    p.psql_image = image->text;
    p.psql_image_location = image->location;
  }
  const Node* a = find_path(spec, {"delivery", "argocd"});
  if (!a) return;
  p.argocd.repo_url = text_at(*a, "repo_url");
  p.argocd.revision = text_at(*a, "revision", "main");
  p.argocd.path = text_at(*a, "path", p.output);
  p.argocd.project = text_at(*a, "project", "default");
  p.argocd.ns = text_at(*a, "namespace", "argocd");
}

void read_observability(const Node& spec, const Stdlib& defaults, Project& p) {
  p.observability.prometheus_namespace = defaults.prometheus_namespace;
  if (defaults.metrics_via == "otlp") p.observability.metrics_via = MetricsVia::Otlp;
  const Node* o = spec.find("observability");
  if (!o) return;
  p.observability.otlp_endpoint = text_at(*o, "otlp_endpoint");
  if (const Node* prometheus = o->find("prometheus"))
    p.observability.prometheus_namespace = text_at(*prometheus, "namespace");
  if (const Node* dashboards = o->find("dashboards"))
    p.observability.dashboard_folder = text_at(*dashboards, "folder", "Services");
  if (const Node* via = find_path(*o, {"metrics", "via"})) {
    p.observability.metrics_via = via->text == "otlp" ? MetricsVia::Otlp : MetricsVia::Prometheus;
    p.observability.metrics_via_location = via->location;
  }
}

// What an environment's alert target must be: the cloud's kind of target, in the
// environment's own account (the SNS ARN's 5th field) and region, or project, for a team the
// project has.
std::string alert_target_problem(const Project& p, const Environment& env, const std::string& team,
                                 const std::string& target) {
  if (!p.teams.empty() && std::find(p.teams.begin(), p.teams.end(), team) == p.teams.end())
    return "team '" + team + "' is not in spec.teams";
  bool sns = target.rfind("arn:aws:sns:", 0) == 0;
  if (p.cloud == Cloud::Aws) {
    if (!sns) return "an aws project's alarms notify SNS topics (arn:aws:sns:...)";
    std::size_t region_end = target.find(':', 12);
    std::string account = target.substr(region_end + 1, 12);
    if (account != env.account)
      return "the topic is in account " + account + ", not environment '" + env.name +
             "''s account " + env.account;
    // A CloudWatch alarm notifies SNS topics of its own region only
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
    std::string region = target.substr(12, region_end - 12);
    if (region != env.region)
      return "the topic is in region " + region + ", not environment '" + env.name + "''s region " +
             env.region + " where its alarms are";
    return {};
  }
  if (sns) return "a gcp project's alerts notify Cloud Monitoring notification channels";
  std::string project = target.substr(9, target.find('/', 9) - 9);
  if (project != env.gcp_project)
    return "the channel is in project " + project + ", not environment '" + env.name +
           "''s project " + env.gcp_project;
  return {};
}

bool check_alert_targets(const Node& spec, const Project& p, Diagnostics& diagnostics) {
  bool ok = true;
  for (const auto& env : p.environments) {
    const Node* alerts = find_path(spec, {"environments", env.name, "alerts"});
    if (!alerts) continue;
    for (const auto& a : alerts->entries) {
      std::string problem = alert_target_problem(p, env, a.key, a.value.text);
      if (problem.empty()) continue;
      bool team = problem.rfind("team", 0) == 0;
      Diagnostic& d =
          diagnostics.add(DiagCode::kAlertTarget, team ? a.key_location : a.value.location,
                          "alerts of " + env.name + ": " + problem);
      d.help = "name a target the environment's own alarms can notify";
      if (team) {
        std::vector<std::string_view> teams(p.teams.begin(), p.teams.end());
        std::string guess = did_you_mean(a.key, teams);
        d.help = guess.empty() ? "use a team of spec.teams" : guess;
      }
      ok = false;
    }
  }
  return ok;
}

// Pods reach only the telemetry namespace and ports (lower/network_policy.cpp), so the OTLP
// endpoint must be a Service there on one of those ports.
std::string telemetry_problem(const Project& p) {
  const std::string& url = p.observability.otlp_endpoint;
  if (url.empty()) return {};
  const auto& k8s = p.kubernetes;
  if (k8s.telemetry_namespace.empty())
    return "pods may send telemetry nowhere: spec.kubernetes.telemetry is not set";
  std::size_t host_start = url.find("://") + 3;
  std::size_t host_end = url.find_first_of(":/", host_start);
  std::string host = url.substr(host_start, host_end - host_start);
  int port = url.rfind("https", 0) == 0 ? 443 : 80;
  if (host_end != std::string::npos && url[host_end] == ':')
    port = std::stoi(url.substr(host_end + 1, url.find('/', host_end) - host_end - 1));
  std::size_t dot = host.find('.');
  std::string ns =
      dot == std::string::npos ? "" : host.substr(dot + 1, host.find('.', dot + 1) - dot - 1);
  bool in_cluster = host.find(".svc") != std::string::npos || host.find('.') == host.rfind('.');
  if (!in_cluster || ns != k8s.telemetry_namespace)
    return "'" + host + "' is not a Service in the telemetry namespace " + k8s.telemetry_namespace;
  // A fully qualified Service name resolves only under the cluster's own DNS domain
  // (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services).
  if (std::size_t svc = host.find(".svc."); svc != std::string::npos) {
    std::string domain = host.substr(svc + 5);
    if (domain != k8s.cluster_domain)
      return "'" + host + "' ends in " + domain + ", but the cluster's DNS domain is " +
             k8s.cluster_domain + " (spec.kubernetes.cluster_domain)";
  }
  if (std::find(k8s.telemetry_ports.begin(), k8s.telemetry_ports.end(), port) ==
      k8s.telemetry_ports.end())
    return "port " + std::to_string(port) + " is not one of spec.kubernetes.telemetry.ports";
  return {};
}

// Rules across fields: Cloud Run needs GCP, and on GCP every environment a project.
bool check_cloud(const Node& spec, const Project& p, Diagnostics& diagnostics) {
  bool ok = true;
  if (p.runtime == Runtime::CloudRun && p.cloud != Cloud::Gcp) {
    const MapEntry* e = spec.find_entry("runtime");
    diagnostics.add(DiagCode::kRuntimeNotOnCloud, e ? e->value.location : spec.location,
                    "runtime cloudrun needs cloud: gcp");
    ok = false;
  }
  if (p.cloud != Cloud::Gcp) return ok;
  for (const auto& env : p.environments) {
    if (env.gcp_project.empty()) {
      diagnostics.add(
          DiagCode::kMissingField, env.location,
          "environment '" + env.name + "' has no GCP project: set spec.project or its own project");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

std::optional<Project> build_project(const LoadedFile& file, Diagnostics& diagnostics) {
  if (!file.root) return std::nullopt;
  Diagnostics local;
  validate_node(*file.root, project_file_schema(), "", Location{}, {}, local);
  bool ok = !local.has_errors();
  diagnostics.append(local.take());
  if (!ok) return std::nullopt;

  const Stdlib& defaults = stdlib();
  const Node& root = *file.root;
  const Node& spec = *root.find("spec");
  Project p;
  p.file = file.file;
  p.location = root.location;
  p.name = root.find("metadata")->find("name")->text;
  p.cloud = spec.find("cloud")->text == "gcp" ? Cloud::Gcp : Cloud::Aws;
  p.region = text_at(spec, "region");
  p.gcp_project = text_at(spec, "project");
  p.registry = text_at(spec, "registry");
  if (const Node* teams = spec.find("teams")) {
    for (const auto& t : teams->items) p.teams.push_back(t.text);
  }
  read_shared_secrets(spec, p);
  if (const Node* domains = spec.find("domains")) {
    for (const auto& d : domains->items) p.domains.push_back(d.text);
  }
  read_environments(spec, p);
  ok = read_terraform(spec, defaults, p, diagnostics);
  read_kubernetes(spec, defaults, p);
  read_observability(spec, defaults, p);
  Diagnostics platform_problems;
  const Node* env_nodes = spec.find("environments");
  for (auto& env : p.environments)
    read_platform(spec, env_nodes ? env_nodes->find(env.name) : nullptr, p, env, platform_problems);
  ok = !platform_problems.has_errors() && ok;
  diagnostics.append(platform_problems.take());
  if (const MapEntry* policies = spec.find_entry("policies")) {
    p.policies_location = policies->key_location;
    for (const auto& item : policies->value.items) {
      p.policies.push_back(item.text);
      p.policy_locations.push_back(item.location);
    }
  }
  p.output = text_at(spec, "output", defaults.output);
  read_delivery(spec, p);
  p.runtime = text_at(spec, "runtime", "kubernetes") == "cloudrun" ? Runtime::CloudRun
                                                                   : Runtime::Kubernetes;
  if (const Node* exceptions = spec.find("exceptions")) {
    p.max_exception_days = int_at(*exceptions, "max_days", 180);
  }
  ok = check_cloud(spec, p, diagnostics) && ok;
  // A topic's region is compared with its environment's only once that region is real: one
  // misspelt region is one error, not one per alert target as well.
  bool regions = check_regions(spec, p.cloud, diagnostics);
  ok = regions && (check_alert_targets(spec, p, diagnostics) && ok);
  ok = check_environment_clusters(spec, p, diagnostics) && ok;
  if (std::string problem = telemetry_problem(p); !problem.empty()) {
    const Node* endpoint = find_path(spec, {"observability", "otlp_endpoint"});
    Diagnostic& d = diagnostics.add(DiagCode::kTelemetryUnreachable, endpoint->location,
                                    "observability.otlp_endpoint: " + problem);
    d.help = problem.find("cluster_domain") != std::string::npos
                 ? "name the collector http://NAME.NS.svc:4317, or under the cluster's own "
                   "domain (http://NAME.NS.svc." +
                       p.kubernetes.cluster_domain + ":4317)"
                 : "set spec.kubernetes.telemetry: {namespace: NS, ports: [4317, 4318]} and "
                   "point the endpoint at the collector's Service there "
                   "(http://NAME.NS.svc:4317)";
    ok = false;
  }
  if (p.observability.metrics_via == MetricsVia::Otlp && p.observability.otlp_endpoint.empty() &&
      p.observability.metrics_via_location.known()) {
    diagnostics
        .add(DiagCode::kMetricsNoCollector, p.observability.metrics_via_location,
             "observability.metrics.via is otlp, but no otlp_endpoint says where to push them")
        .help =
        "set spec.observability.otlp_endpoint: http://otel-collector.observability.svc:4317";
    ok = false;
  }
  if (!ok) return std::nullopt;
  return p;
}

}  // namespace infrac
