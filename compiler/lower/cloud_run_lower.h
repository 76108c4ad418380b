// Cloud Run lowering, beside Kubernetes lowering (k8s_lower.cpp): on runtime: cloudrun a
// target's components become gcp/cloudrun-service (http, worker) and gcp/cloudrun-job (cron,
// job) module calls of the Google Cloud backend's root module, with the environment built
// from the same variables the pods would get, revisions named after the image tag, a canary
// split from rollout, and Pub/Sub pushing to consuming workers. Limits follow Cloud Run's:
// CPU 1, 2, 4 or 8 (https://cloud.google.com/run/docs/configuring/services/cpu), memory at
// least 512Mi (https://cloud.google.com/run/docs/configuring/services/memory-limits).
// Tested by tests/cli/gcp_test.cpp and the shop-gcp golden files.
#pragma once

#include <string>
#include <vector>

#include "lower/cloud_backend.h"

namespace infrac {

// Every component's environment: plain values, URLs of called Cloud Run services (read at
// apply time), datastore outputs (known now, or module outputs), and secret references.
struct CloudRunEnv {
  TfExpr plain = TfExpr::object(), secrets = TfExpr::object();
  std::vector<std::string> callees;  // sorted, unique
};

// `wirings`: what lowering the datastores found out (values known now, secrets).
CloudRunEnv cloud_run_env(const Target& target, const std::vector<DatastoreWiring>& wirings);

// The services and jobs of the target, and a data source for each called service, appended
// to `calls` (a consumed queue's call gains its push endpoint) and `outputs`.
void lower_cloud_run(const BackendContext& context, const std::string& network,
                     const CloudRunEnv& env, std::vector<TfBlock>& calls,
                     std::vector<TfBlock>& outputs);

}  // namespace infrac
