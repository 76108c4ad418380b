#include "lower/cloud_backend.h"

#include "lower/backend_support.h"
#include "lower/root_module.h"

namespace infrac {

BackendContext::BackendContext(const Model& model, const Target& target,
                               const LowerOptions& options, Diagnostics& diagnostics)
    : model(model),
      target(target),
      options(options),
      table(cloud_table(model.project.cloud)),
      env(*model.project.environment(target.env)),
      base(resource_stem(model, target)),
      diagnostics(diagnostics) {}

std::string resource_stem(const Model& model, const Target& target) {
  return model.project.name + "-" + target.env + "-" + target.service;
}

Location BackendContext::service_location() const {
  Location at = model.service_location(target.service);
  return at.known() ? at : Location{target.file, 1, 1, 1};
}

std::string BackendContext::checked(const std::string& rule_id, const std::string& name,
                                    Location at) const {
  return checked_name(table, rule_id, name, at, diagnostics);
}

TfBlock BackendContext::call(const std::string& name, const std::string& module,
                             Location at) const {
  return module_call(name, module, options.module_source, at);
}

std::optional<std::string> BackendContext::lookup(
    const std::map<std::string, std::map<std::string, std::string>>& rows, const Datastore& ds,
    const std::string& key, const std::string& what, const std::string& cloud,
    const std::string& row) const {
  return table_lookup(rows, ds, key, what, cloud, diagnostics, row);
}

namespace {

bool offered(const std::string& type) {
  return type == "postgres" || type == "redis" || type == "bucket" || type == "queue";
}

std::optional<TfBlock> lower_datastore(CloudBackend& backend, const Datastore& ds,
                                       DatastoreWiring& wiring, std::vector<TfBlock>& outputs) {
  if (ds.type == "postgres") return backend.postgres(ds, wiring, outputs);
  if (ds.type == "redis") return backend.redis(ds, wiring, outputs);
  if (ds.type == "bucket") return backend.bucket(ds, wiring, outputs);
  return backend.queue(ds, wiring, outputs);
}

}  // namespace

CloudLowering lower_cloud(CloudBackend& backend, const BackendContext& context) {
  CloudParts parts;
  parts.lowering.secret_store_name = context.table.secret_store_name;
  parts.lowering.secret_store_kind = context.table.secret_store_kind;
  parts.lowering.secret_reader = context.table.secret_reader;
  for (const auto& ds : context.target.datastores) {
    if (reserved_datastore_name(ds, std::string(backend.identity_module()), context.diagnostics))
      continue;
    DatastoreWiring wiring;
    wiring.datastore = ds.name;
    wiring.location = ds.location;
    if (!offered(ds.type)) {
      no_module_for(ds, std::string(backend.display_name()), context.diagnostics);
      continue;
    }
    auto call = lower_datastore(backend, ds, wiring, parts.outputs);
    if (call) parts.calls.push_back(std::move(*call));
    parts.lowering.datastores.push_back(std::move(wiring));
  }
  backend.identity(parts);

  RootModuleParts root;
  root.required_version = context.model.project.terraform.required_version;
  for (const auto& p : context.table.providers) {
    if (backend.needs_provider(p.name)) root.providers.push_back(p);
  }
  root.provider_blocks.push_back(backend.provider());
  root.module_calls = std::move(parts.calls);
  root.outputs = std::move(parts.outputs);
  parts.lowering.terraform = build_root_module(context.model, context.target, std::move(root));
  return std::move(parts.lowering);
}

}  // namespace infrac
