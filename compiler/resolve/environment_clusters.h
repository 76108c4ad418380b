// Each environment deploys to a cluster of its own: services keep one namespace per cluster
// (the service's name), so two environments on one cluster would overwrite each other's
// objects, and `infrac ci apply`, logs, exec and status would act on the wrong environment.
// A cluster is its account (or project), region and name; a kubeconfig context is one
// cluster, and an EKS ARN or GKE context names its account, region and cluster outright.
// E0158 at the second environment's `cluster` or `context`.
// Tested by tests/corpus/invalid/179-context-other-environment.txtar, 180 and 181.
#pragma once

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

// False when an environment's cluster or context is another's, or names a cluster outside
// its own account, project or region.
bool check_environment_clusters(const Node& spec, const Project& p, Diagnostics& diagnostics);

}  // namespace infrac
