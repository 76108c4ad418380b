#include "lower/argocd.h"
#include "lower/cloud_backend.h"
#include "lower/lower.h"
#include "lower/patches.h"

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
  const ServiceExtras* extras = nullptr;
  if (options.extras) {
    auto it = options.extras->find(target.service);
    if (it != options.extras->end()) extras = &it->second;
  }
  // The service's own .tf files, as written, beside the generated ones.
  for (const auto& f : extras ? extras->terraform : std::vector<ExtraFile>{}) {
    TfFile file;
    file.name = f.name;
    file.header_comment = "Copied from " + f.path + " (the service's own Terraform).";
    file.verbatim = f.text;
    file.origin = Location{f.file, 1, 1, 1};
    cloud.terraform.files.push_back(std::move(file));
  }
  // Cloud Run targets are all Terraform: no Kubernetes objects.
  if (target.runtime == Runtime::Kubernetes) {
    out.kubernetes = lower_kubernetes(model, target, cloud, options, diagnostics);
    if (extras) apply_patches(out.kubernetes, extras->patches, target.id(), diagnostics);
    add_sync_waves(model, out.kubernetes);
    out.argocd_application = argocd_application(model, target, out.kubernetes);
  }
  out.terraform = std::move(cloud.terraform);
  return out;
}

}  // namespace infrac
