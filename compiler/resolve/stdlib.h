// Defaults from stdlib/defaults.yaml (embedded in the binary), read once per process.
// Tested by tests/unit/golden_test.cpp (the reviewed acme model).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "resolve/model.h"

namespace infrac {

struct ComponentDefaults {
  int port = 0;
  int replicas = 1;
  int autoscale_cpu = 70;
  std::string cpu, memory, health_path;
  // Graceful stops: a serving pod sleeps pre_stop_seconds before SIGTERM so endpoints and load
  // balancers stop sending to it, then has the rest of termination_grace_seconds to drain.
  int pre_stop_seconds = 0, termination_grace_seconds = 30;
  int startup_seconds = 60;  // how long a start may take before liveness applies
  int metrics_port = 0;      // 0: no metrics endpoint by default
  std::string metrics_path;
};

struct DatastoreDefaults {
  std::string version, size;
  int storage_gb = 0;
};

struct Stdlib {
  std::string tier;
  std::map<ComponentType, ComponentDefaults> components;
  std::map<std::string, DatastoreDefaults> datastores;
  std::string output, cluster_domain, required_version, modules;
  std::string gateway_name, gateway_namespace;  // parentRef of public HTTPRoutes
  std::string prometheus_namespace;             // admitted to the pods' metrics ports
  std::string metrics_via;                      // prometheus | otlp: the project default
  // reserved: names a spec may not take (namespaces a service would become, suffixes infrac
  // appends to component names, file names of the root modules it writes).
  std::vector<std::string> reserved_namespaces, reserved_component_suffixes,
      generated_terraform_files;
  // The pods' numeric user and group unless a spec's security says otherwise.
  std::int64_t run_as_user = 65532, run_as_group = 65532;
};

// The embedded defaults. A broken stdlib is a build defect: this aborts with a message.
const Stdlib& stdlib();

}  // namespace infrac
