// `infrac import`: existing Kubernetes manifests become draft service specs. Workloads
// (Deployments, CronJobs, Jobs) become components: image, command, args, the serving port
// (from the Service that selects them; grpc when the port says so), resources, replicas and
// their HorizontalPodAutoscaler, probe paths, schedule and time zone, deadlines. Variables
// become env (literals, ConfigMap values), secrets (ExternalSecret remote keys; a plain
// Secret's key becomes a reference to <service>/<secret> to be filled in the secret
// manager), dependencies (a variable or argument addressing another imported service's
// Kubernetes Service, by name, name:port or name.namespace[.svc[.domain]], with or without a
// scheme: the variable and the form kept, the value derived; doubtful ones listed as calls
// not recovered), queues of other services (publishes) and datastores (connection Secrets
// with host/port/username or auth_token, <NAME>_BUCKET and <NAME>_QUEUE_URL values, and the
// users of an in-cluster datastore: a workload running a well-known datastore image, which is
// not imported unless asked). HTTPRoutes and Ingresses give the public URL. StatefulSets and
// DaemonSets are reported, not converted.
//
// Every field of every input object that the specs do not carry is listed with the reason:
// what infrac derives itself (labels, security context, probe timing, ...), what it has no
// field for, or what the manifests cannot say (datastore versions and sizes).
// Tested by tests/cli/import_test.cpp and tests/cli/import_calls_test.cpp.
#pragma once

#include <map>
#include <set>
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

// A call found in the input: a variable (or a command argument) of one service's workload
// whose value is the address of another imported service's Kubernetes Service, or of an
// in-cluster datastore. Recovered calls become dependencies (or datastores); the others are
// listed with the reason they were not guessed.
struct Call {
  std::string caller;     // the imported service that calls
  std::string object;     // Deployment/default/frontend
  std::string path;       // where the value is in that object
  std::string variable;   // the variable that carries it (for an argument: the one it reads now)
  std::string value;      // as written in the input
  std::string target;     // Service/default/cartservice: the Kubernetes Service it names
  std::string callee;     // the imported service behind it ("" when none)
  // The port the caller named (0: none, its own default); for the form host, the one it
  // writes after the variable ("http://$(SEARCH_HOST):80").
  int port = 0;
  std::string form;       // url | address | host, as the caller wrote it
  std::string datastore;  // a datastore of the caller that replaces an in-cluster one
  bool recovered = false;
  std::string why;  // when not recovered: why it was not guessed
  std::vector<int> service_ports;  // the ports the Kubernetes Service it names listened on
};

// A workload that runs a well-known datastore image in the cluster (redis, postgres, ...):
// not imported (its users get a managed datastore of that type), or, when asked, kept as a
// service of its own.
struct InClusterDatastore {
  std::string object;  // Deployment/default/redis-cart
  std::string image, type;
  bool kept = false;               // imported as a service (--keep-datastores)
  bool managed = true;             // a managed datastore of its type exists on every cloud
  std::vector<std::string> users;  // service.datastore that replace it
};

// Two workloads of different namespaces whose pods name the same service: infrac runs a
// service in one namespace named after it, so the import stops rather than merge them.
struct NameClash {
  std::string object, first;  // the workload, and the one of another namespace seen first
  std::string service;
};

// A Service whose port is not its pods' port (80 in front of containerPort 8080): infrac's
// Service listens on the component's port, so a caller still using the old one breaks.
struct ServicePortChange {
  std::string object;   // Service/shop/orders
  std::string service;  // the imported service
  int before = 0, after = 0;
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
  // Import in-cluster datastores as services instead of moving their users to managed ones.
  bool keep_datastores = false;
};

struct ImportResult {
  std::vector<ImportedService> services;  // by name
  std::vector<NotCarried> not_carried;    // by object, then path
  std::vector<Rename> renames;
  // Input objects infrac builds under another name (Deployment/web -> Deployment/shop-web):
  // input id -> Kind/name.
  std::map<std::string, std::string> built_as;
  // Which service each input object went to ("" when none).
  std::map<std::string, std::string> owner;
  // Objects of the platform namespace (infrac-system): infrac's own, such as a datastore's
  // database-roles Job, never a service's; skipped.
  std::vector<std::string> platform;
  std::vector<Call> calls;                       // by caller, then path
  std::vector<ServicePortChange> service_ports;  // in input order
  std::vector<InClusterDatastore> datastores;    // by object
  // Services of type LoadBalancer or NodePort: reachable from outside the cluster.
  std::vector<std::string> exposed;
  // Services of the input by namespace ("" when the manifests name none): where they ran.
  std::map<std::string, std::string> source_namespace;
  // The probes each workload of the input had (readinessProbe, ...), by object: a probe
  // infrac adds is reported as added, not as a difference.
  std::map<std::string, std::set<std::string>> input_probes;
  // When not empty, nothing else is filled in: the input must be fixed first.
  std::vector<NameClash> clashes;
};

// The datastore type of a well-known image (redis:7, docker.io/library/postgres:16,
// bitnami/mongodb, ...), or "" when the image is none of them.
std::string datastore_image_type(const std::string& image);

ImportResult import_manifests(const std::vector<Manifest>& manifests, const ImportOptions& options);

// Why infrac writes a field itself, for a path of a Kubernetes object (empty when it does not).
std::string derived_reason(const std::string& kind, const std::string& path);

}  // namespace infrac
