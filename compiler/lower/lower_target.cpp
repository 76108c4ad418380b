#include "lower/argocd.h"
#include "lower/cloud_backend.h"
#include "lower/lower.h"

namespace infrac {

TargetOutput lower_target(const Model& model, const Target& target, const LowerOptions& options,
                          Diagnostics& diagnostics) {
  TargetOutput out;
  out.env = target.env;
  out.service = target.service;
  BackendContext context(model, target, options, diagnostics);
  std::unique_ptr<CloudBackend> backend =
      model.project.cloud == Cloud::Gcp ? gcp_backend(context) : aws_backend(context);
  CloudLowering cloud = lower_cloud(*backend, context);
  // Cloud Run targets are all Terraform: no Kubernetes objects.
  if (target.runtime == Runtime::Kubernetes) {
    out.kubernetes = lower_kubernetes(model, target, cloud, options, diagnostics);
    add_sync_waves(model, out.kubernetes);
    out.argocd_application = argocd_application(model, target, out.kubernetes);
  }
  out.terraform = std::move(cloud.terraform);
  return out;
}

}  // namespace infrac
