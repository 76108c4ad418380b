// One interface for every cloud: a backend lowers a target's datastores (postgres, redis,
// bucket, queue), its identity (granted exactly what those datastores created), and its
// provider; one driver, lower_cloud(), walks the target in the same order for every cloud,
// reports what no backend offers, and frames the root module. AWS (aws_lower.cpp) and Google
// Cloud (gcp_lower.cpp, with Cloud Run in cloud_run_lower.cpp) implement it; a new cloud is
// one more implementation, not another copy of the walk.
// Tested by tests/unit/stage_corpus_test.cpp (tests/corpus/stages/lower), tests/cli/gcp_test.cpp
// and the acme and shop-gcp golden files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "lower/lower.h"
#include "resolve/cloud_tables.h"
#include "resolve/model.h"

namespace infrac {

// What every backend reads, and the helpers that report at the spec location behind a value.
struct BackendContext {
  const Model& model;
  const Target& target;
  const LowerOptions& options;
  const CloudTable& table;
  const Environment& env;
  std::string base;  // <project>-<env>-<service>: the stem of every resource name
  Diagnostics& diagnostics;

  BackendContext(const Model& model, const Target& target, const LowerOptions& options,
                 Diagnostics& diagnostics);

  // The service's metadata.name, or the file's first line.
  Location service_location() const;
  // `name` checked against the cloud's rule `rule_id` (E0130 when it breaks it).
  std::string checked(const std::string& rule_id, const std::string& name, Location at) const;
  // module "NAME" { source = ... } calling `module` ("aws/postgres").
  TfBlock call(const std::string& name, const std::string& module, Location at) const;
  // The cloud table's row for the datastore's version or size (E0131 when not offered).
  std::optional<std::string> lookup(
      const std::map<std::string, std::map<std::string, std::string>>& rows, const Datastore& ds,
      const std::string& key, const std::string& what, const std::string& cloud,
      const std::string& row = {}) const;
};

// What a backend adds to one target's root module.
struct CloudParts {
  std::vector<TfBlock> calls;    // module calls and data sources, in main.tf's order
  std::vector<TfBlock> state;    // import and moved blocks (state.tf), in datastore order
  std::vector<TfBlock> outputs;  // in outputs.tf's order
  CloudLowering lowering;        // wirings, the pods' annotations, the secret store
};

class CloudBackend {
 public:
  virtual ~CloudBackend() = default;
  virtual std::string_view display_name() const = 0;     // "AWS", "Google Cloud"
  virtual std::string_view identity_module() const = 0;  // help text of E0133: "IAM"

  // One datastore: its module call (nullopt after a reported error), how pods reach it
  // (`wiring`), and its outputs.
  virtual std::optional<TfBlock> postgres(const Datastore& ds, DatastoreWiring& wiring,
                                          std::vector<TfBlock>& outputs) = 0;
  virtual std::optional<TfBlock> redis(const Datastore& ds, DatastoreWiring& wiring,
                                       std::vector<TfBlock>& outputs) = 0;
  virtual std::optional<TfBlock> bucket(const Datastore& ds, DatastoreWiring& wiring,
                                        std::vector<TfBlock>& outputs) = 0;
  virtual std::optional<TfBlock> queue(const Datastore& ds, DatastoreWiring& wiring,
                                       std::vector<TfBlock>& outputs) = 0;
  // adopt: the resource of a datastore's module that Terraform imports ("aws_db_instance.this")
  // and its import id in the provider's documented format, given the module call.
  virtual std::string adopted_resource(const Datastore& ds) const = 0;
  virtual std::string import_id(const Datastore& ds, const DatastoreWiring& wiring) const = 0;
  // publishes: send rights on `queue` of service `owner` (same environment), and its URL or
  // topic for the pods in `wiring`.
  virtual void publish(const Target& owner, const Datastore& queue, DatastoreWiring& wiring) = 0;
  // After every datastore: the service's identity call and output (first in their files), the
  // pods' annotation, and whatever else the runtime needs (Cloud Run's services and jobs).
  virtual void identity(CloudParts& parts) = 0;
  // Whether the root module needs the stdlib provider `name` ("random" only with a database).
  virtual bool needs_provider(const std::string& name) const = 0;
  virtual TfBlock provider() const = 0;
};

std::unique_ptr<CloudBackend> aws_backend(const BackendContext& context);
std::unique_ptr<CloudBackend> gcp_backend(const BackendContext& context);

// The one driver: datastores in name order, identity, providers, and the root module's frame.
CloudLowering lower_cloud(CloudBackend& backend, const BackendContext& context);

}  // namespace infrac
