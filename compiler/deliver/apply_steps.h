// The order a reviewed change reaches the clouds and clusters, as plain data: `infrac ci apply`
// runs these steps (and --dry-run prints them), `infrac ci bundle` runs plan_steps. Pure
// functions of a bundle: no process is started here.
//
// Waves: 0 platform (each environment's platform target: its Terraform, then its objects in the
// platform namespace); 1 infrastructure (each target's Terraform: datastores, identities, Cloud Run
// services); 2 migrations (a target's database roles: each PostgreSQL datastore's bootstrap Job
// in the platform namespace, to completion; then the target's namespace, configuration and
// secrets, then its before-rollout Jobs to completion); 3 workloads (every object applied with a
// prune that only sees the target's own objects, one-shot Jobs created where absent, each
// Deployment's rollout waited for); 4 gateways (they route to what waves 1-3 made); 5 removals (a
// removed target's objects, then its Terraform destroy plan). A failed step stops everything after
// it. Tested by tests/unit/delivery_test.cpp and tests/cli/delivery_cli_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "deliver/bundle.h"

namespace infrac {

enum class Wave {
  Platform = 0,
  Infrastructure = 1,
  Migrations = 2,
  Workloads = 3,
  Gateways = 4,
  Removals = 5
};
std::string wave_name(Wave wave);
// The first wave a target's change is applied in (`infrac ci targets` sorts by it).
Wave target_wave(BundleStatus status, bool gateway, bool platform = false);

struct StepCommand {
  StepCommand(std::vector<std::string> argv_, std::vector<std::string> unless = {},
              std::string stdout_to = {})
      : argv(std::move(argv_)),
        unless_prints(std::move(unless)),
        stdout_file(std::move(stdout_to)) {}
  std::vector<std::string> argv;
  // When set: run argv only if this command prints nothing (create a Job where it is absent).
  std::vector<std::string> unless_prints;
  std::string stdout_file;  // when set: standard output goes to this file
  // When set, argv is a probe run every interval until a word it prints is `done` (the step
  // succeeds) or `failed` (it fails at once), for at most timeout_seconds: a Job that failed
  // is never "complete", so `kubectl wait` alone would only notice at its timeout.
  struct Poll {
    std::string done, failed;
    int interval_seconds = 5;
    std::int64_t timeout_seconds = 600;
  };
  std::optional<Poll> poll;
};

struct Step {
  Wave wave = Wave::Infrastructure;
  std::string target;  // env/service
  std::string action;  // "terraform apply", "migrate", "kubectl apply", "rollout", ...
  std::vector<StepCommand> commands;
  std::string on_failure;  // what a failure means and what to do next
};

struct DeliveryOptions {
  std::string terraform = "terraform", kubectl = "kubectl";
  int rollout_timeout_seconds = 600;
  int poll_seconds = 5;  // how often a migration's Job is looked at
  // GitOps: Argo CD syncs the clusters; only the Terraform steps run (waves 0, 1, 4 and 5).
  bool skip_kubernetes = false;
};

// `output_dir`: the bundle's output/ directory, as the commands should name it.
std::vector<Step> apply_steps(const Bundle& bundle, const std::string& output_dir,
                              const DeliveryOptions& options);
std::vector<Step> plan_steps(const Bundle& bundle, const std::string& output_dir,
                             const DeliveryOptions& options);

// Every namespaced kind infrac emits, as kubectl's --prune-allowlist names them. A kind that
// left the output must stay here, or its last objects would never be pruned.
const std::vector<std::string>& prune_allowlist();

}  // namespace infrac
