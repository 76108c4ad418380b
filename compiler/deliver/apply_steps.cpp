#include "deliver/apply_steps.h"

#include <algorithm>
#include <functional>
#include <set>

#include "ir/workload_labels.h"

namespace infrac {
namespace {

bool is_workload(const BundleObject& o) {
  return o.kind == "Deployment" || o.kind == "CronJob" || o.kind == "Job";
}

std::string join(const std::string& dir, const std::string& file) {
  return dir + "/" + file;
}

class StepBuilder {
 public:
  StepBuilder(const std::string& output_dir, const DeliveryOptions& options)
      : out_(output_dir), options_(options) {}

  std::vector<Step> steps;

  std::vector<std::string> terraform(const BundleTarget& t, std::vector<std::string> args) const {
    std::vector<std::string> argv = {options_.terraform, "-chdir=" + join(out_, t.terraform_dir)};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  std::vector<std::string> kubectl(const BundleTarget& t, std::vector<std::string> args,
                                   bool namespaced) const {
    std::vector<std::string> argv = {options_.kubectl, "--context", t.context};
    if (namespaced) argv.insert(argv.end(), {"--namespace", t.ns});
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  std::string k8s_dir(const BundleTarget& t) const { return join(out_, t.kubernetes_dir); }
  std::string timeout(std::int64_t seconds) const {
    return "--timeout=" + std::to_string(seconds > 0 ? seconds : options_.rollout_timeout_seconds) +
           "s";
  }

  Step& add(Wave wave, const BundleTarget& t, std::string action, std::string on_failure) {
    steps.push_back({wave, t.id, std::move(action), {}, std::move(on_failure)});
    return steps.back();
  }

  void terraform_apply(Wave wave, const BundleTarget& t) {
    Step& s =
        add(wave, t, t.status == BundleStatus::Removed ? "terraform destroy" : "terraform apply",
            "Terraform failed on the reviewed plan of " + t.id +
                ". A saved plan is refused when the state changed after it was made "
                "(\"Saved plan is stale\"): re-run the pull request's plan job, review it, "
                "and apply that bundle");
    s.commands.push_back({terraform(t, {"init", "-input=false", "-no-color"}), {}, {}});
    s.commands.push_back(
        {terraform(t, {"apply", "-input=false", "-no-color", "-lock-timeout=300s", kSavedPlanFile}),
         {},
         {}});
  }

  // Before migrations: each PostgreSQL datastore's roles (its ConfigMap, ExternalSecret and
  // Job, all in the platform namespace), the Job run to completion.
  void database_roles(const BundleTarget& t) {
    std::vector<std::string> apply = {"apply"};
    std::vector<const BundleObject*> jobs;
    for (const auto& o : t.objects) {
      if (o.phase != kPhaseBootstrap) continue;
      apply.insert(apply.end(), {"-f", join(k8s_dir(t), o.file)});
      if (o.kind == "Job") jobs.push_back(&o);
    }
    if (jobs.empty()) return;
    Step& s = add(Wave::Migrations, t, "database roles",
                  "the database roles of " + t.id +
                      " were not set up; nothing of the service rolled out. The Job's logs: "
                      "kubectl --context " +
                      t.context + " --namespace " + kPlatformNamespace + " logs job/" +
                      jobs.front()->name);
    // A Job that failed (its database not reachable yet, a grant still propagating) keeps its
    // name, since the name hashes what it runs: delete it so that this run starts it again
    // instead of finding it failed forever. A completed one stays and is not run again.
    for (const BundleObject* job : jobs) {
      s.commands.push_back(
          {{options_.kubectl, "--context", t.context, "--namespace", kPlatformNamespace, "delete",
            "jobs", "--field-selector", "metadata.name=" + job->name + ",status.successful=0",
            "--ignore-not-found"},
           {},
           {}});
    }
    s.commands.push_back({kubectl(t, apply, false), {}, {}});
    for (const BundleObject* job : jobs) {
      std::vector<std::string> get = {options_.kubectl,
                                      "--context",
                                      t.context,
                                      "--namespace",
                                      kPlatformNamespace,
                                      "get",
                                      "job/" + job->name,
                                      "--output",
                                      "jsonpath={.status.conditions[?(@.status==\"True\")].type}"};
      StepCommand watch(std::move(get));
      std::int64_t limit =
          job->timeout_seconds > 0 ? job->timeout_seconds + 60 : options_.rollout_timeout_seconds;
      watch.poll = StepCommand::Poll{"Complete", "Failed", options_.poll_seconds, limit};
      s.commands.push_back(std::move(watch));
    }
  }

  // Before migrations: what a migration's pod needs (namespace, service account, ConfigMap,
  // ExternalSecrets, NetworkPolicies for its egress), nothing that serves or routes.
  void migrations(const BundleTarget& t) {
    std::vector<const BundleObject*> jobs;
    std::vector<std::string> prepare = {"apply"};
    for (const auto& o : t.objects) {
      if (o.phase == kPhaseBeforeRollout) jobs.push_back(&o);
      if (is_workload(o) || o.kind == "HTTPRoute" || o.phase == kPhaseBootstrap) continue;
      prepare.insert(prepare.end(), {"-f", join(k8s_dir(t), o.file)});
    }
    if (jobs.empty()) return;
    Step& p = add(Wave::Migrations, t, "prepare",
                  "kubectl could not apply what the migrations of " + t.id + " need");
    p.commands.push_back({kubectl(t, prepare, false), {}, {}});
    for (const BundleObject* job : jobs) {
      Step& s = add(Wave::Migrations, t, "migrate " + job->name,
                    "the migration job/" + job->name + " of " + t.id +
                        " did not complete; nothing of the service rolled out. Its logs: "
                        "infrac logs " +
                        t.env + " " + t.service);
      s.commands.push_back(
          {kubectl(t, {"apply", "-f", join(k8s_dir(t), job->file)}, false), {}, {}});
      // The Job's true conditions: Complete, or Failed once backoffLimit or its deadline is hit.
      StepCommand watch(kubectl(t,
                                {"get", "job/" + job->name, "--output",
                                 "jsonpath={.status.conditions[?(@.status==\"True\")].type}"},
                                true));
      std::int64_t limit =
          job->timeout_seconds > 0 ? job->timeout_seconds + 60 : options_.rollout_timeout_seconds;
      watch.poll = StepCommand::Poll{"Complete", "Failed", options_.poll_seconds, limit};
      s.commands.push_back(std::move(watch));
    }
  }

  // kubectl apply -k of the target's folder, pruning only the target's own objects.
  std::vector<std::string> apply_pruned(const BundleTarget& t) const {
    std::vector<std::string> apply = {"apply",
                                      "-k",
                                      k8s_dir(t),
                                      "--prune",
                                      "-l",
                                      std::string(kInstanceLabel) + "=" + t.instance + "," +
                                          kManagedByLabel + "=infrac," + kPhaseLabel +
                                          "!=" + kPhaseOnce};
    for (const auto& kind : prune_allowlist()) apply.push_back("--prune-allowlist=" + kind);
    return kubectl(t, apply, false);
  }

  // An environment's platform, before anything of its services: its cloud side, then its
  // objects (the platform namespace, its secret reader and store), which the services'
  // database-roles steps of wave 2 read through.
  void platform(const BundleTarget& t, bool kube) {
    if (!t.terraform_dir.empty()) terraform_apply(Wave::Platform, t);
    if (!kube || t.kubernetes_dir.empty()) return;
    Step& a = add(Wave::Platform, t, "kubectl apply",
                  "kubectl could not apply the platform objects of " + t.env + " (namespace " +
                      kPlatformNamespace +
                      ", its secret reader and store); nothing of the services was applied");
    a.commands.push_back({apply_pruned(t), {}, {}});
  }

  void workloads(const BundleTarget& t) {
    Step& a =
        add(Wave::Workloads, t, "kubectl apply", "kubectl could not apply the objects of " + t.id);
    a.commands.push_back({apply_pruned(t), {}, {}});
    // After the apply: a new service's namespace, configuration and secrets exist by then.
    for (const auto& o : t.objects) {
      if (o.phase != kPhaseOnce) continue;
      Step& s = add(Wave::Workloads, t, "create " + o.name,
                    "kubectl could not create the one-shot job/" + o.name + " of " + t.id);
      s.commands.push_back(
          {kubectl(t, {"create", "-f", join(k8s_dir(t), o.file)}, false),
           kubectl(t, {"get", "job", o.name, "--ignore-not-found", "-o", "name"}, true),
           {}});
    }
    for (const auto& o : t.objects) {
      if (o.kind != "Deployment") continue;
      Step& r = add(Wave::Workloads, t, "rollout " + o.name,
                    "deployment/" + o.name + " of " + t.id +
                        " did not become ready; the pods of the previous version keep serving "
                        "(maxUnavailable 0). See infrac status " +
                        t.env + " " + t.service + "; roll back by reverting the change");
      r.commands.push_back(
          {kubectl(t, {"rollout", "status", "deployment/" + o.name, timeout(0)}, true), {}, {}});
    }
  }

  void remove_objects(const BundleTarget& t) {
    Step& s = add(
        Wave::Removals, t, "kubectl delete",
        "kubectl could not delete the objects of " + t.id + "; its Terraform was not destroyed");
    s.commands.push_back(
        {kubectl(t, {"delete", "-k", k8s_dir(t), "--ignore-not-found", "--wait=true"}, false),
         {},
         {}});
  }

 private:
  std::string out_;
  const DeliveryOptions& options_;
};

// `targets` in the bundle's order, except that a target waits for those `first(t, o)` says must
// precede it. Used with calls: a Cloud Run caller's roles/run.invoker grant names the callee's
// service, which must exist when the grant is applied and still exist when it is destroyed.
// Calls that form a cycle cannot all be satisfied: the cycle is broken where it was entered.
std::vector<const BundleTarget*> ordered(
    const std::vector<const BundleTarget*>& targets,
    const std::function<bool(const BundleTarget&, const BundleTarget&)>& first) {
  std::vector<const BundleTarget*> out;
  std::set<const BundleTarget*> done, visiting;
  std::function<void(const BundleTarget*)> visit = [&](const BundleTarget* t) {
    if (done.count(t) || !visiting.insert(t).second) return;
    for (const BundleTarget* other : targets)
      if (other != t && first(*t, *other)) visit(other);
    visiting.erase(t);
    if (done.insert(t).second) out.push_back(t);
  };
  for (const BundleTarget* t : targets) visit(t);
  return out;
}

bool calls(const BundleTarget& caller, const BundleTarget& callee) {
  return caller.env == callee.env &&
         std::find(caller.calls.begin(), caller.calls.end(), callee.service) != caller.calls.end();
}

// Applied: a callee before its callers. Destroyed: a caller before its callees.
std::vector<const BundleTarget*> callees_first(const std::vector<const BundleTarget*>& targets) {
  return ordered(targets, [](const BundleTarget& t, const BundleTarget& o) { return calls(t, o); });
}
std::vector<const BundleTarget*> callers_first(const std::vector<const BundleTarget*>& targets) {
  return ordered(targets, [](const BundleTarget& t, const BundleTarget& o) { return calls(o, t); });
}

}  // namespace

std::string wave_name(Wave wave) {
  switch (wave) {
    case Wave::Platform:
      return "platform";
    case Wave::Infrastructure:
      return "infrastructure";
    case Wave::Migrations:
      return "migrations";
    case Wave::Workloads:
      return "workloads";
    case Wave::Gateways:
      return "gateways";
    case Wave::Removals:
      return "removals";
  }
  return "";
}

Wave target_wave(BundleStatus status, bool gateway, bool platform) {
  if (status == BundleStatus::Removed) return Wave::Removals;
  if (platform) return Wave::Platform;
  return gateway ? Wave::Gateways : Wave::Infrastructure;
}

const std::vector<std::string>& prune_allowlist() {
  static const std::vector<std::string> kinds = {
      "core/v1/ConfigMap",
      "core/v1/Service",
      "core/v1/ServiceAccount",
      "apps/v1/Deployment",
      "batch/v1/CronJob",
      "batch/v1/Job",
      "autoscaling/v2/HorizontalPodAutoscaler",
      "policy/v1/PodDisruptionBudget",
      "networking.k8s.io/v1/NetworkPolicy",
      "gateway.networking.k8s.io/v1/HTTPRoute",
      "external-secrets.io/v1/ExternalSecret",
      "external-secrets.io/v1/SecretStore",
      "monitoring.coreos.com/v1/ServiceMonitor",
      "monitoring.coreos.com/v1/PrometheusRule",
  };
  return kinds;
}

std::vector<Step> apply_steps(const Bundle& bundle, const std::string& output_dir,
                              const DeliveryOptions& options) {
  StepBuilder b(output_dir, options);
  auto live = [](const BundleTarget& t) { return t.status != BundleStatus::Removed; };
  bool kube = !options.skip_kubernetes;
  // Each environment's platform first: the services' identities, secrets and database roles
  // rely on it.
  for (const auto& t : bundle.targets)
    if (live(t) && t.platform) b.platform(t, kube);
  std::vector<const BundleTarget*> infrastructure;
  for (const auto& t : bundle.targets)
    if (live(t) && !t.gateway && !t.platform && !t.terraform_dir.empty())
      infrastructure.push_back(&t);
  for (const BundleTarget* t : callees_first(infrastructure))
    b.terraform_apply(Wave::Infrastructure, *t);
  for (const auto& t : bundle.targets) {
    if (!kube || !live(t) || t.platform || t.kubernetes_dir.empty()) continue;
    b.database_roles(t);
    b.migrations(t);
  }
  for (const auto& t : bundle.targets)
    if (kube && live(t) && !t.platform && !t.kubernetes_dir.empty()) b.workloads(t);
  for (const auto& t : bundle.targets)
    if (live(t) && t.gateway && !t.terraform_dir.empty()) b.terraform_apply(Wave::Gateways, t);
  // Callers and routes go before what they reach: objects first, then the infrastructure; a
  // platform goes after the services that relied on it.
  for (bool platform : {false, true}) {
    for (const auto& t : bundle.targets)
      if (kube && !live(t) && t.platform == platform && !t.kubernetes_dir.empty())
        b.remove_objects(t);
    // A caller's grants go before the callee they name.
    std::vector<const BundleTarget*> removed;
    for (const auto& t : bundle.targets)
      if (!live(t) && t.platform == platform && !t.terraform_dir.empty()) removed.push_back(&t);
    for (const BundleTarget* t : callers_first(removed)) b.terraform_apply(Wave::Removals, *t);
  }
  return std::move(b.steps);
}

std::vector<Step> plan_steps(const Bundle& bundle, const std::string& output_dir,
                             const DeliveryOptions& options) {
  StepBuilder b(output_dir, options);
  for (const auto& t : bundle.targets) {
    if (t.terraform_dir.empty()) continue;
    bool destroy = t.status == BundleStatus::Removed;
    Step& s = b.add(target_wave(t.status, t.gateway, t.platform), t,
                    destroy ? "terraform plan -destroy" : "terraform plan",
                    "Terraform could not plan " + t.id + "; no bundle was written");
    s.commands.push_back({b.terraform(t, {"init", "-input=false", "-no-color"}), {}, {}});
    std::vector<std::string> plan = {"plan", "-input=false", "-no-color", "-lock-timeout=300s",
                                     std::string("-out=") + kSavedPlanFile};
    if (destroy) plan.push_back("-destroy");
    s.commands.push_back({b.terraform(t, plan), {}, {}});
    s.commands.push_back({b.terraform(t, {"show", "-json", "-no-color", kSavedPlanFile}),
                          {},
                          output_dir + "/" + t.terraform_dir + "/" + kPlanJsonFile});
  }
  return std::move(b.steps);
}

}  // namespace infrac
