#include "lower/argocd.h"

#include "ir/output_layout.h"
#include "ir/workload_labels.h"

namespace infrac {
namespace {

constexpr const char* kSyncWave = "argocd.argoproj.io/sync-wave";

// Wave of an object inside its Application; 0 (no annotation) for what workloads need.
int wave_of(const KObject& o) {
  if (o.kind == "Job") {
    const KValue* phase = o.label(kPhaseLabel);
    if (phase && phase->text == kPhaseBootstrap) return 0;  // database roles, before migrations
    return phase && phase->text == kPhaseBeforeRollout ? 1 : 2;
  }
  if (o.kind == "Deployment" || o.kind == "CronJob" || o.kind == "HorizontalPodAutoscaler" ||
      o.kind == "HTTPRoute")
    return 2;
  return 0;
}

}  // namespace

void add_sync_waves(const Model& model, std::vector<KObject>& objects) {
  if (model.project.argocd.repo_url.empty()) return;
  for (auto& o : objects) {
    int wave = wave_of(o);
    if (wave == 0) continue;
    KValue& metadata = *o.body.find("metadata");
    KValue* annotations = metadata.find("annotations");
    if (!annotations) annotations = &metadata.set("annotations", KValue::map());
    annotations->set(kSyncWave, KValue::str(std::to_string(wave)));
  }
}

namespace {

// The Application syncing one folder of kubernetes/<env>/ into the environment's cluster.
KValue application(const Model& model, const std::string& env_name, const std::string& id,
                   const std::string& name, const std::string& ns,
                   const std::vector<KObject>& objects) {
  const auto& a = model.project.argocd;
  const Environment* env = model.project.environment(env_name);
  // A one-shot Job keeps its name while the image tag moves (lower/k8s_lower.cpp): Argo CD must
  // neither report that as drift nor try to patch its immutable template.
  KValue ignore = KValue::list();
  for (const auto& o : objects) {
    const KValue* phase = o.label(kPhaseLabel);
    if (o.kind != "Job" || !phase || phase->text != kPhaseOnce) continue;
    ignore.items.push_back(KValue::map({{"group", KValue::str("batch")},
                                        {"kind", KValue::str("Job")},
                                        {"name", KValue::str(o.name)},
                                        {"namespace", KValue::str(o.ns)},
                                        {"jsonPointers", KValue::strings({"/spec/template"})}}));
  }
  KValue spec = KValue::map(
      {{"project", KValue::str(a.project)},
       {"source", KValue::map({{"repoURL", KValue::str(a.repo_url)},
                               {"targetRevision", KValue::str(a.revision)},
                               {"path", KValue::str(a.path + "/" + kubernetes_dir(id))}})},
       // The cluster as registered in Argo CD (argocd cluster add CONTEXT --name CLUSTER).
       {"destination", KValue::map({{"name", KValue::str(env ? env->cluster : env_name)},
                                    {"namespace", KValue::str(ns)}})},
       // A failed sync is retried with backoff instead of waiting for the next commit: on a
       // first deploy an ExternalSecret fails until its cloud secret exists, a roles Job until
       // its database does (https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/).
       {"syncPolicy",
        KValue::map(
            {{"automated",
              KValue::map({{"prune", KValue::flag(true)}, {"selfHeal", KValue::flag(true)}})},
             {"syncOptions", KValue::strings({"RespectIgnoreDifferences=true"})},
             {"retry",
              KValue::map({{"limit", KValue::num(10)},
                           {"backoff", KValue::map({{"duration", KValue::str("30s")},
                                                    {"factor", KValue::num(2)},
                                                    {"maxDuration", KValue::str("10m")}})}})}})}});
  if (!ignore.items.empty()) spec.set("ignoreDifferences", std::move(ignore));
  return KValue::map(
      {{"apiVersion", KValue::str("argoproj.io/v1alpha1")},
       {"kind", KValue::str("Application")},
       {"metadata",
        KValue::map(
            {{"name", KValue::str(name)},
             {"namespace", KValue::str(a.ns)},
             {"labels", KValue::map({{kNameLabel, KValue::str(ns)},  // the service, or the platform
                                     {kManagedByLabel, KValue::str("infrac")},
                                     {"app.kubernetes.io/part-of", KValue::str(model.project.name)},
                                     {kInstanceLabel, KValue::str(name)}})},
             // Deleting the Application (its file left the output) deletes its objects.
             {"finalizers", KValue::strings({"resources-finalizer.argocd.argoproj.io"})}})},
       {"spec", std::move(spec)}});
}

}  // namespace

KValue argocd_application(const Model& model, const Target& t,
                          const std::vector<KObject>& objects) {
  if (model.project.argocd.repo_url.empty() || objects.empty()) return {};
  return application(model, t.env, t.id(), t.service + "-" + t.env, t.service, objects);
}

// The platform's Application syncs in wave -1 of the app-of-apps that reads argocd/<env>/, so
// the platform namespace and its secret store exist before any service's database roles.
KValue argocd_platform_application(const Model& model, const Environment& env,
                                   const std::vector<KObject>& objects) {
  if (model.project.argocd.repo_url.empty() || objects.empty()) return {};
  std::string name = std::string(kPlatformNamespace) + "-" + env.name;
  KValue app = application(model, env.name, env.name + "/" + kPlatformService, name,
                           kPlatformNamespace, objects);
  app.find("metadata")->set("annotations", KValue::map({{kSyncWave, KValue::str("-1")}}));
  return app;
}

}  // namespace infrac
