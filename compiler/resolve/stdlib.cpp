#include "resolve/stdlib.h"

#include <cstdio>
#include <cstdlib>

#include "base/embedded.h"
#include "base/source_files.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

std::string text_of(const Node* node, const char* fallback = "") {
  return node && node->is_scalar() ? node->text : fallback;
}
int int_of(const Node* node, int fallback) {
  return node && node->kind == NodeKind::Int ? static_cast<int>(node->as_int()) : fallback;
}

Stdlib parse_stdlib() {
  SourceFile file("stdlib/defaults.yaml", std::string(embedded_file("stdlib/defaults.yaml")));
  Diagnostics diagnostics;
  std::optional<Node> root = load_yaml(0, file, diagnostics);
  if (!root || !root->is_map()) {
    std::fputs("infrac: internal error: embedded stdlib/defaults.yaml is invalid\n", stderr);
    std::abort();
  }
  Stdlib out;
  const Node* service = root->find("service");
  out.tier = text_of(service ? service->find("tier") : nullptr, "standard");
  const std::pair<const char*, ComponentType> kinds[] = {{"http", ComponentType::Http},
                                                         {"grpc", ComponentType::Grpc},
                                                         {"worker", ComponentType::Worker},
                                                         {"cron", ComponentType::Cron},
                                                         {"job", ComponentType::Job}};
  const Node* components = root->find("components");
  for (const auto& [name, type] : kinds) {
    const Node* c = components ? components->find(name) : nullptr;
    ComponentDefaults d;
    if (c) {
      d.port = int_of(c->find("port"), 0);
      d.replicas = int_of(c->find("replicas"), 1);
      d.autoscale_cpu = int_of(c->find("autoscale_cpu"), 70);
      d.cpu = text_of(c->find("cpu"), "100m");
      d.memory = text_of(c->find("memory"), "128Mi");
      d.health_path = text_of(c->find("health_path"));
    }
    out.components[type] = d;
  }
  if (const Node* datastores = root->find("datastores")) {
    for (const auto& entry : datastores->entries) {
      DatastoreDefaults d;
      d.version = text_of(entry.value.find("version"));
      d.size = text_of(entry.value.find("size"));
      d.storage_gb = int_of(entry.value.find("storage_gb"), 0);
      out.datastores[entry.key] = d;
    }
  }
  const Node* project = root->find("project");
  out.output = text_of(project ? project->find("output") : nullptr, "out");
  out.cluster_domain =
      text_of(project ? project->find("cluster_domain") : nullptr, "cluster.local");
  out.required_version = text_of(project ? project->find("required_version") : nullptr, ">= 1.6.0");
  out.modules = text_of(project ? project->find("modules") : nullptr, "infrac");
  const Node* gateway = project ? project->find("gateway") : nullptr;
  out.gateway_name = text_of(gateway ? gateway->find("name") : nullptr, "public");
  out.gateway_namespace = text_of(gateway ? gateway->find("namespace") : nullptr, "gateway");
  return out;
}

}  // namespace

const Stdlib& stdlib() {
  static const Stdlib instance = parse_stdlib();
  return instance;
}

}  // namespace infrac
