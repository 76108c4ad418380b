// The platform of an environment: what its services rely on that no service owns, written by
// infrac as one more target, `<env>/_platform` (terraform/<env>/_platform/ and
// kubernetes/<env>/_platform/, a name no service can take), applied before every service
// (deliver/apply_steps.h; Argo CD sync wave -1). It holds, when the environment needs them:
// - the platform namespace infrac-system, where each PostgreSQL datastore's database-roles
//   Job runs (lower/postgres_bootstrap.h), with its secret reader ServiceAccount, its own
//   SecretStore (lower/secret_store.h) and NetworkPolicies (no ingress; egress to DNS and
//   PostgreSQL only);
// - the cloud identity of that reader, allowed to read only the environment's database master
//   secrets and their connection secrets (AWS: an IAM role trusted through IRSA; Google Cloud:
//   a service account through workload identity, which each database's module grants);
// - on Google Cloud, the APIs the environment relies on: Cloud Asset (the Cloud Run rollout
//   guard), Cloud SQL Admin, Secret Manager and IAM Credentials (databases and their reader).
// Lowered from the whole model, like the gateways: a filtered build leaves it as it is.
// Tested by tests/unit/platform_test.cpp, the acme and shop-gcp goldens and conformance.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "ir/target_output.h"
#include "lower/lower.h"
#include "resolve/cloud_tables.h"

namespace infrac {

// One PostgreSQL datastore whose roles the platform's reader sets up.
struct PlatformDatabase {
  std::string instance;    // the cloud resource's name (RDS identifier, Cloud SQL instance)
  std::string secret_key;  // its connection secret's name
  Location location;
};

// What an environment's platform must provide, read from the model's targets.
struct PlatformNeeds {
  const Environment* env = nullptr;
  std::vector<PlatformDatabase> databases;  // by target then datastore
  bool cloud_run = false;                   // some target runs on Cloud Run
};

PlatformNeeds platform_needs(const Model& model, const Environment& env);

// The platform root module's main.tf and outputs.tf blocks (lower/platform_cloud.cpp); the
// reader's workload-identity annotation goes to `annotations`.
struct PlatformCloud {
  std::vector<TfBlock> main, outputs;
  std::vector<std::pair<std::string, std::string>> annotations;
};
PlatformCloud platform_cloud(const Model& model, const PlatformNeeds& needs,
                             const CloudTable& table, Diagnostics& diagnostics);

// One output per environment that needs a platform, in environment order; service is
// kPlatformService.
std::vector<TargetOutput> lower_platforms(const Model& model, const LowerOptions& options,
                                          Diagnostics& diagnostics);

}  // namespace infrac
