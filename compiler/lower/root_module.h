// The cloud-independent frame of a target's Terraform root module: versions.tf, backend.tf
// (state key E/S), providers.tf, main.tf and outputs.tf, each with a header naming its spec.
// Backends supply providers and module calls. Tested by tests/cli/build_test.cpp (the acme
// golden files).
#pragma once

#include <vector>

#include "ir/terraform_ir.h"
#include "resolve/cloud_tables.h"
#include "resolve/model.h"

namespace infrac {

struct RootModuleParts {
  std::string required_version;
  std::vector<ProviderPin> providers;  // required_providers, pinned with ~>
  std::vector<TfBlock> provider_blocks;
  std::vector<TfBlock> module_calls;
  std::vector<TfBlock> outputs;
  std::vector<TfBlock> state;  // import and moved blocks: state.tf, only when there are any
};

TfModule build_root_module(const Model& model, const Target& target, RootModuleParts parts);

// terraform { backend "<type>" { ... } } contents for the state of `key` ("prod/payments").
TfBlock backend_block(const Project& project, const std::string& key);
// terraform { required_version; required_providers { ... } }, each provider pinned.
TfBlock versions_block(const std::string& required_version,
                       const std::vector<ProviderPin>& providers);

// The labels every generated object carries (spec-v1 "Derived values"), as a tag map.
TfExpr standard_tags(const Model& model, const Target& target);

}  // namespace infrac
