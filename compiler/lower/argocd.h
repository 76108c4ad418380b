// GitOps with Argo CD (project spec.delivery.argocd): one Application per Kubernetes target,
// reading the target's rendered folder, and sync waves on the target's objects that encode
// `infrac ci apply`'s order inside the cluster: namespace, configuration, secrets and policies
// (wave 0), then migrations (wave 1, which Argo CD waits for: a Job is healthy once it
// completed), then workloads and routes (wave 2).
// https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
// https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/ (ignoreDifferences)
// Tested by tests/unit/delivery_test.cpp and the tooling tests (Argo CD's Application schema).
#pragma once

#include <vector>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// The Application of a Kubernetes target, or null without spec.delivery.argocd.
KValue argocd_application(const Model& model, const Target& target,
                          const std::vector<KObject>& objects);

// The Application of an environment's platform target (lower/platform_lower.h), in sync wave
// -1 of the app-of-apps; null without spec.delivery.argocd.
KValue argocd_platform_application(const Model& model, const Environment& env,
                                   const std::vector<KObject>& objects);

// Adds the sync-wave annotations (only with spec.delivery.argocd).
void add_sync_waves(const Model& model, std::vector<KObject>& objects);

}  // namespace infrac
