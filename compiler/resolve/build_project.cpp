#include "base/did_you_mean.h"
#include "resolve/build_model.h"
#include "resolve/cloud_tables.h"
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
    env.domain = text_at(entry.value, "domain");
    env.gcp_project = text_at(entry.value, "project", p.gcp_project);
    env.region = text_at(entry.value, "region", p.region);
    env.registry = text_at(entry.value, "registry", p.registry);
    env.security_policy = text_at(entry.value, "security_policy");
    env.production = cloud_table(p.cloud).is_production(env.name);
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
  p.node = root;
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
  if (const Node* policies = spec.find("policies")) {
    for (const auto& item : policies->items) p.policies.push_back(item.text);
  }
  p.output = text_at(spec, "output", defaults.output);
  p.runtime = text_at(spec, "runtime", "kubernetes") == "cloudrun" ? Runtime::CloudRun
                                                                   : Runtime::Kubernetes;
  if (const Node* exceptions = spec.find("exceptions")) {
    p.max_exception_days = int_at(*exceptions, "max_days", 180);
  }
  ok = check_cloud(spec, p, diagnostics) && ok;
  if (!ok) return std::nullopt;
  return p;
}

}  // namespace infrac
