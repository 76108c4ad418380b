// Lowering: one resolved target (a service in one environment) becomes a Terraform root
// module and a list of Kubernetes objects. The cloud side is pluggable: a backend turns the
// target's datastores and identity into Terraform and tells the Kubernetes side how pods
// reach them (CloudLowering); the Kubernetes side is the same for every cloud.
// Tested by tests/cli/build_test.cpp, tests/cli/gcp_test.cpp and the golden files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "ir/target_output.h"
#include "lower/own_terraform.h"
#include "spec/node.h"
#include "lower/postgres_bootstrap.h"
#include "resolve/model.h"

namespace infrac {

// A service's own files beside its spec (escape hatches, docs/escape-hatches.md):
// services/<name>/terraform/*.tf, copied into each of its root modules, and
// services/<name>/patches/*.yaml, applied to its Kubernetes objects. Read by the pipeline's
// extras pass (pipeline/extras_load.h); lowering never reads files.
struct ExtraFile {
  std::string path;  // services/<name>/terraform/dns.tf
  std::string name;  // dns.tf
  std::string text;  // .tf: in terraform fmt form
  FileId file = kNoFile;
  std::optional<Node> root;                   // patches: the parsed document
  std::vector<TfDeclaration> declarations{};  // .tf: what it declares, at its lines
};
struct ServiceExtras {
  std::vector<ExtraFile> terraform, patches;
};
using ExtrasByService = std::map<std::string, ServiceExtras>;

struct LowerOptions {
  std::string image_tag;  // --image-tag: replaces the tag of every image not pinned by digest
  // --image-digest: the built image's content, for the one selected service; compile_front
  // pins that target's image to it before policy and lowering see it.
  std::string image_digest;
  // How a module call's `source` is written; "{module}" becomes e.g. "aws/postgres".
  std::string module_source = "../../../modules/{module}";
  const ExtrasByService* extras = nullptr;  // the services' own .tf files and patches
};

// How one datastore's outputs reach the pods of its service.
// A PostgreSQL datastore's database roles, set up by a Job in the platform namespace before
// migrations (lower/postgres_bootstrap.h, docs/security.md): which database and role, and where
// the platform's secret reader finds the master credentials.
struct DatabaseBootstrap {
  std::string database, role;
  RoleOrigin origin = RoleOrigin::Bootstrap;
  // AWS: the RDS-managed master secret, found by the tag RDS puts on it
  // (aws:rds:primaryDBInstanceArn = this instance's ARN).
  std::string master_secret_instance_arn;
  // Google Cloud: the secret holding the admin user's username and password.
  std::string master_secret_key;
};

struct DatastoreWiring {
  std::string datastore;
  Location location;
  std::map<std::string, std::string> known;  // outputs known at compile time (bucket names...)
  std::string secret_key;  // secret-manager key holding the other outputs as JSON properties
  std::optional<DatabaseBootstrap> bootstrap;  // postgres only
};

struct CloudLowering {
  TfModule terraform;
  std::vector<std::pair<std::string, std::string>> service_account_annotations;
  // The secret reader's: the same identity, but always through the web identity annotation
  // (External Secrets' referent authentication exchanges its token with STS even where the
  // pods use EKS Pod Identity).
  std::vector<std::pair<std::string, std::string>> secret_reader_annotations;
  std::vector<DatastoreWiring> datastores;  // by datastore name
  std::string secret_store_name, secret_store_kind;
  std::string secret_reader;  // service account the store reads secrets as, in the namespace
};

// GCP's standard labels (keys and values restricted to [a-z0-9_-]) and service account ids
// (at most 30 characters: long names keep a prefix and a hash), shared with Cloud Run.
// A GCP label value: lowercase letters, digits, '_' and '-', at most 63 characters.
std::string gcp_label_value(std::string_view s);
TfExpr gcp_labels(const std::string& project, const std::string& env, const std::string& app,
                  const std::string& team);
std::string gcp_service_account_id(const std::string& base);
// The Google service account of an environment's platform namespace (its secret reader, which
// reads the Cloud SQL admin secrets for the database-roles Jobs): <project>-<env>-infrac-system,
// shortened like every account id. Written by the platform target, granted by each database.
std::string gcp_platform_account_id(const Model& model, const Environment& env);
std::vector<KObject> lower_kubernetes(const Model& model, const Target& target,
                                      const CloudLowering& cloud, const LowerOptions& options,
                                      Diagnostics& diagnostics);
// A Cloud Run target's Kubernetes objects: only its PostgreSQL datastores' roles Jobs, which
// run in the platform namespace of the environment's cluster (docs/security.md).
std::vector<KObject> lower_database_roles(const Model& model, const Target& target,
                                          const CloudLowering& cloud, const LowerOptions& options,
                                          Diagnostics& diagnostics);

TargetOutput lower_target(const Model& model, const Target& target, const LowerOptions& options,
                          Diagnostics& diagnostics);

// <project>-<env>-<service>: the stem of every cloud resource name of a target (a datastore's
// resource is <stem>-<datastore>); the backends name resources with it, the dashboard finds
// their metrics by it.
std::string resource_stem(const Model& model, const Target& target);

// The image reference a target deploys: the spec's, with --image-tag applied.
std::string deployed_image(const Image& image, const std::string& image_tag);

}  // namespace infrac
