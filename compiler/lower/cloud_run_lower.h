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

// Every component's environment: plain values, URLs of called Cloud Run services (their
// deterministic URLs), datastore outputs (known now, or module outputs), and secret references.
struct CloudRunEnv {
  TfExpr plain = TfExpr::object(), secrets = TfExpr::object();
  std::vector<std::string> callees;  // sorted, unique
};

// `wirings`: what lowering the datastores found out (values known now, secrets); `region`: the
// environment's, which callees' URLs name.
CloudRunEnv cloud_run_env(const Target& target, const std::vector<DatastoreWiring>& wirings,
                          const std::string& region);

// A Cloud Run service's deterministic URL, https://<service>-<project number>.<region>.run.app,
// which exists before the service does ("lets you predict the service URL before the service is
// created": https://cloud.google.com/run/docs/triggering/https-request#deterministic-url). It is
// given when the DNS label <service>-<project number> has at most 63 characters: service names
// have at most 49 (stdlib/clouds/gcp.yaml) and project numbers 12 digits or fewer. The number is
// read from `data.google_project.environment` (project_data), the project the environment names,
// which the platform provides before any root module is planned; so no root module reads a Cloud
// Run service, which fails with "not found" until the service's own root module is applied. Callers
// authenticate with an ID token for this URL: Cloud Run accepts any of its *.run.app URLs as
// audience (https://cloud.google.com/run/docs/configuring/custom-audiences).
TfExpr cloud_run_url(const std::string& service, const std::string& region, Location at = {});
TfBlock project_data(const std::string& project);

// The services and jobs of the target, and for each called service the caller's invoker grant
// (and the project's number for their URLs), appended to `calls` (a consumed queue's call gains
// its push endpoint) and `outputs`.
void lower_cloud_run(const BackendContext& context, const std::string& network,
                     const CloudRunEnv& env, std::vector<TfBlock>& calls,
                     std::vector<TfBlock>& outputs);

}  // namespace infrac
