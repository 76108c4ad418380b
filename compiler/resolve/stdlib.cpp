#include "resolve/stdlib.h"

#include <cstdio>
#include <cstdlib>

#include "base/embedded.h"
#include "base/source_files.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

Stdlib parse_stdlib() {
  SourceFile file("stdlib/defaults.yaml", std::string(embedded_file("stdlib/defaults.yaml")));
  Diagnostics diagnostics;
  std::optional<Node> root = load_yaml(0, file, diagnostics);
  if (!root || !root->is_map()) {
    std::fputs("infrac: internal error: embedded stdlib/defaults.yaml is invalid\n", stderr);
    std::abort();
  }
  Stdlib out;
  static const Node none;  // a missing section reads as empty: every field gets its fallback
  auto section = [&](const Node& parent, std::string_view key) -> const Node& {
    const Node* n = parent.find(key);
    return n ? *n : none;
  };
  out.tier = text_at(section(*root, "service"), "tier", "standard");
  const Node& security = section(*root, "security");
  out.run_as_user = int_at(security, "run_as_user", 65532);
  out.run_as_group = int_at(security, "run_as_group", 65532);
  const std::pair<const char*, ComponentType> kinds[] = {{"http", ComponentType::Http},
                                                         {"grpc", ComponentType::Grpc},
                                                         {"worker", ComponentType::Worker},
                                                         {"cron", ComponentType::Cron},
                                                         {"job", ComponentType::Job}};
  const Node& components = section(*root, "components");
  for (const auto& [name, type] : kinds) {
    const Node* c = components.find(name);
    ComponentDefaults d;
    if (c) {
      d.port = int_at(*c, "port", 0);
      d.replicas = int_at(*c, "replicas", 1);
      d.autoscale_cpu = int_at(*c, "autoscale_cpu", 70);
      d.cpu = text_at(*c, "cpu", "100m");
      d.memory = text_at(*c, "memory", "128Mi");
      d.health_path = text_at(*c, "health_path");
      d.pre_stop_seconds = int_at(*c, "pre_stop_seconds", 0);
      d.termination_grace_seconds = int_at(*c, "termination_grace_seconds", 30);
      d.startup_seconds = int_at(*c, "startup_seconds", 60);
      d.metrics_port = int_at(*c, "metrics_port", 0);
      d.metrics_path = text_at(*c, "metrics_path", "/metrics");
    }
    out.components[type] = d;
  }
  if (const Node* datastores = root->find("datastores")) {
    for (const auto& entry : datastores->entries) {
      DatastoreDefaults d;
      d.version = text_at(entry.value, "version");
      d.size = text_at(entry.value, "size");
      d.storage_gb = int_at(entry.value, "storage_gb", 0);
      out.datastores[entry.key] = d;
    }
  }
  const Node& project = section(*root, "project");
  out.output = text_at(project, "output", "out");
  out.cluster_domain = text_at(project, "cluster_domain", "cluster.local");
  out.required_version = text_at(project, "required_version", ">= 1.6.0");
  out.modules = text_at(project, "modules", "infrac");
  out.prometheus_namespace = text_at(project, "prometheus_namespace", "monitoring");
  out.metrics_via = text_at(project, "metrics_via", "prometheus");
  const Node& gateway = section(project, "gateway");
  out.gateway_name = text_at(gateway, "name", "public");
  out.gateway_namespace = text_at(gateway, "namespace", "gateway");
  const Node& reserved = section(*root, "reserved");
  auto strings = [&](std::string_view key, std::vector<std::string>& into) {
    for (const auto& item : section(reserved, key).items) into.push_back(item.text);
  };
  strings("namespaces", out.reserved_namespaces);
  strings("component_suffixes", out.reserved_component_suffixes);
  strings("terraform_files", out.generated_terraform_files);
  return out;
}

}  // namespace

const Stdlib& stdlib() {
  static const Stdlib instance = parse_stdlib();
  return instance;
}

}  // namespace infrac
