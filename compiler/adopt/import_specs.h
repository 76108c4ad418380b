// `infrac import`: existing Kubernetes manifests become draft service specs. Workloads
// (Deployments, CronJobs, Jobs) become components: image, command, args, the serving port
// (from the Service that selects them; grpc when the port says so), resources, replicas and
// their HorizontalPodAutoscaler, probe paths, schedule and time zone, deadlines. Variables
// become env (literals, ConfigMap values), secrets (ExternalSecret remote keys; a plain
// Secret's key becomes a reference to <service>/<secret> to be filled in the secret
// manager), dependencies (cluster-internal URLs of other imported services), queues of other
// services (publishes) and datastores (connection Secrets with host/port/username or
// auth_token, <NAME>_BUCKET and <NAME>_QUEUE_URL values). HTTPRoutes and Ingresses give the
// public URL. StatefulSets and DaemonSets are reported, not converted.
//
// Every field of every input object that the specs do not carry is listed with the reason:
// what infrac derives itself (labels, security context, probe timing, ...), what it has no
// field for, or what the manifests cannot say (datastore versions and sizes).
// Tested by tests/cli/import_test.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "adopt/manifests.h"
#include "ir/k8s_ir.h"

namespace infrac {

struct NotCarried {
  std::string object;  // Deployment/payments-api
  std::string path;    // spec.template.spec.containers[api].securityContext; "" = the whole object
  std::string reason;
  // Carried, but infrac writes it another way (a literal through its ConfigMap, a secret
  // through its ExternalSecret): a difference there is expected, nothing is lost.
  bool rewritten = false;
};

// A list element infrac keys differently (the main container takes the component's name):
// the comparison renames `from` to `to` in the input before it diffs.
struct Rename {
  std::string object, from, to;
};

struct ImportedService {
  std::string name;
  KValue document;                   // the service.yaml
  std::vector<std::string> objects;  // ids of the input objects it was drawn from
};

struct ImportOptions {
  std::string team;          // metadata.team of every draft
  std::string registry;      // the environment's registry, taken off image references
  std::string project, env;  // for infrac's own resource names: <project>-<env>-<service>-<x>
};

struct ImportResult {
  std::vector<ImportedService> services;  // by name
  std::vector<NotCarried> not_carried;    // by object, then path
  std::vector<Rename> renames;
  // Which service each input object went to ("" when none).
  std::map<std::string, std::string> owner;
  // Objects of the platform namespace (infrac-system): infrac's own, such as a datastore's
  // database-roles Job, never a service's; skipped.
  std::vector<std::string> platform;
};

ImportResult import_manifests(const std::vector<Manifest>& manifests, const ImportOptions& options);

// Why infrac writes a field itself, for a path of a Kubernetes object (empty when it does not).
std::string derived_reason(const std::string& kind, const std::string& path);

}  // namespace infrac
