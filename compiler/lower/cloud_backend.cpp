#include "lower/cloud_backend.h"

#include <algorithm>

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

std::optional<TfBlock> lower_datastore(CloudBackend& backend, const Datastore& ds,
                                       DatastoreWiring& wiring, std::vector<TfBlock>& outputs) {
  if (ds.type == "postgres") return backend.postgres(ds, wiring, outputs);
  if (ds.type == "redis") return backend.redis(ds, wiring, outputs);
  if (ds.type == "bucket") return backend.bucket(ds, wiring, outputs);
  return backend.queue(ds, wiring, outputs);
}

// Every module call of a renamed datastore or component moves from the old address (Cloud
// Run's services and jobs are module calls named after their component).
void add_moves(const Target& t, const std::vector<TfBlock>& calls, std::vector<TfBlock>& state) {
  auto has_call = [&](const std::string& id) {
    return std::any_of(calls.begin(), calls.end(), [&](const TfBlock& b) {
      return b.type == "module" && !b.labels.empty() && b.labels[0] == id;
    });
  };
  auto move = [&](const std::string& from, const std::string& to, Location at) {
    if (from.empty() || !has_call(snake(to))) return;
    state.push_back(moved_block("module." + snake(from), "module." + snake(to), at));
  };
  for (const auto& ds : t.datastores) move(ds.renamed_from, ds.name, ds.renamed_from_location);
  for (const auto& c : t.components) move(c.renamed_from, c.name, c.renamed_from_location);
}

const Datastore* published_queue(const Model& model, const Target& t, const Publish& p,
                                 const Target** owner) {
  for (const auto& other : model.targets) {
    if (other.env != t.env || other.service != p.service) continue;
    for (const auto& ds : other.datastores) {
      if (ds.name == p.queue && ds.type == "queue") {
        *owner = &other;
        return &ds;
      }
    }
  }
  return nullptr;
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
    if (!cloud_offers_datastore(ds.type)) {
      no_module_for(ds, std::string(backend.display_name()), context.diagnostics);
      continue;
    }
    auto call = lower_datastore(backend, ds, wiring, parts.outputs);
    if (call && !ds.adopt.empty()) {
      parts.state.push_back(
          import_block("module." + call->labels[0] + "." + backend.adopted_resource(ds),
                       backend.import_id(ds, wiring), ds.adopt_location));
    }
    if (call) parts.calls.push_back(std::move(*call));
    parts.lowering.datastores.push_back(std::move(wiring));
  }
  // resolve checked each reference (E0149); a queue of a service with errors has no target.
  for (const auto& p : context.target.publishes) {
    const Target* owner = nullptr;
    const Datastore* queue = published_queue(context.model, context.target, p, &owner);
    if (!queue) continue;
    DatastoreWiring wiring;
    wiring.datastore = p.service + "." + p.queue;
    wiring.location = p.location;
    backend.publish(*owner, *queue, wiring);
    parts.lowering.datastores.push_back(std::move(wiring));
  }
  backend.identity(parts);
  add_moves(context.target, parts.calls, parts.state);

  RootModuleParts root;
  root.required_version = context.model.project.terraform.required_version;
  for (const auto& p : context.table.providers) {
    if (backend.needs_provider(p.name)) root.providers.push_back(p);
  }
  root.provider_blocks.push_back(backend.provider());
  root.module_calls = std::move(parts.calls);
  root.outputs = std::move(parts.outputs);
  root.state = std::move(parts.state);
  parts.lowering.terraform = build_root_module(context.model, context.target, std::move(root));
  return std::move(parts.lowering);
}

}  // namespace infrac
