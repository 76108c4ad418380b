#include "lower/lower.h"

namespace infrac {

TargetOutput lower_target(const Model& model, const Target& target, const LowerOptions& options,
                          Diagnostics& diagnostics) {
  TargetOutput out;
  out.env = target.env;
  out.service = target.service;
  CloudLowering cloud;
  switch (model.project.cloud) {
    case Cloud::Aws:
      cloud = lower_aws(model, target, options, diagnostics);
      break;
    case Cloud::Gcp:
      cloud = lower_gcp(model, target, options, diagnostics);
      break;
  }
  // Cloud Run targets are all Terraform: no Kubernetes objects.
  if (target.runtime == Runtime::Kubernetes)
    out.kubernetes = lower_kubernetes(model, target, cloud, options, diagnostics);
  out.terraform = std::move(cloud.terraform);
  return out;
}

}  // namespace infrac
