// The API gateway of each environment with Cloud Run services exposed as public: one root
// module per environment (terraform/<env>/_gateway/) calling gcp/api-gateway with an OpenAPI
// 2.0 document that routes each service's public path prefix to its Cloud Run service. A
// service may supply its own OpenAPI file (spec.openapi): its paths, which must lie under the
// service's public path, replace the catch-all routes of that service.
// Tested by tests/cli/gcp_test.cpp and the shop-gcp golden files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "ir/target_output.h"
#include "lower/lower.h"

namespace infrac {

// `root` is the repository (services' OpenAPI files are read from it and added to `files`).
std::vector<GatewayOutput> lower_gateways(const Model& model, const LowerOptions& options,
                                          const std::filesystem::path& root, SourceFiles& files,
                                          Diagnostics& diagnostics);

}  // namespace infrac
