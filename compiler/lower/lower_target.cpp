#include <map>

#include "lower/argocd.h"
#include "lower/cloud_backend.h"
#include "lower/lower.h"
#include "lower/patches.h"

namespace infrac {
namespace {

// Every object and file of a target has a name of its own: two with one name would overwrite
// each other (or fail with "File exists") when the tree is written. Checked here, before any
// file is written, at the spec node the second one comes from.
void check_unique_files(const TargetOutput& out, const Target& target, Diagnostics& diagnostics) {
  std::map<std::string, Location> seen;
  for (const auto& o : out.kubernetes) {
    auto [it, inserted] = seen.emplace(o.file_name(), o.origin);
    if (inserted) continue;
    Diagnostic& d =
        diagnostics.add(DiagCode::kReservedName, o.origin,
                        target.id() + " would have two " + o.kind + " objects named " + o.name);
    if (it->second.known()) d.notes.push_back({it->second, "the other one comes from here"});
    d.help =
        "rename the component: infrac derives <service>-<component> and "
        "<service>-<component>-canary";
  }
  std::map<std::string, bool> files;
  for (const auto& f : out.terraform.files) {
    if (files.emplace(f.name, true).second) continue;
    diagnostics.add(DiagCode::kReservedName, Location{target.file, 1, 1, 1},
                    target.id() + " would have two Terraform files named " + f.name);
  }
}

}  // namespace

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
  // The service's own .tf files, as written, beside the generated ones; they may add to the
  // module but not declare a name (or a backend) it already has.
  std::vector<TfDeclaration> own;
  for (const auto& f : extras ? extras->terraform : std::vector<ExtraFile>{})
    own.insert(own.end(), f.declarations.begin(), f.declarations.end());
  check_own_declarations(declarations_of(cloud.terraform), own,
                         own_terraform_scope(cloud.terraform, options.module_source), target.id(),
                         diagnostics);
  for (const auto& f : extras ? extras->terraform : std::vector<ExtraFile>{}) {
    TfFile file;
    file.name = f.name;
    file.header_comment = "Copied from " + f.path + " (the service's own Terraform).";
    file.verbatim = f.text;
    file.origin = Location{f.file, 1, 1, 1};
    cloud.terraform.files.push_back(std::move(file));
  }
  // Cloud Run targets are Terraform but for their databases' roles Jobs, which run in the
  // environment's cluster.
  if (target.runtime == Runtime::Kubernetes) {
    out.kubernetes = lower_kubernetes(model, target, cloud, options, diagnostics);
    if (extras) apply_patches(out.kubernetes, extras->patches, target.id(), diagnostics);
  } else {
    out.kubernetes = lower_database_roles(model, target, cloud, options, diagnostics);
  }
  if (!out.kubernetes.empty()) {
    add_sync_waves(model, out.kubernetes);
    out.argocd_application = argocd_application(model, target, out.kubernetes);
  }
  out.terraform = std::move(cloud.terraform);
  check_unique_files(out, target, diagnostics);
  return out;
}

}  // namespace infrac
