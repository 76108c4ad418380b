// The API gateway of each environment with Cloud Run services exposed as public: one root
// module per environment (terraform/<env>/_gateway/) calling gcp/api-gateway with an OpenAPI
// 2.0 document that routes each service's public path prefix to its Cloud Run service. A
// service may supply its own OpenAPI file (spec.openapi): its paths, which must lie under the
// service's public path, replace the catch-all routes of that service.
// Tested by tests/cli/gcp_test.cpp and the shop-gcp golden files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "ir/target_output.h"
#include "lower/lower.h"
#include "spec/node.h"

namespace infrac {

// The services' own OpenAPI documents by "services/<service>/<file>", as loaded by the
// pipeline's OpenAPI pass (pipeline/openapi_load.h); a document that failed to load is absent.
using OpenApiDocuments = std::map<std::string, Node>;

std::vector<GatewayOutput> lower_gateways(const Model& model, const LowerOptions& options,
                                          const OpenApiDocuments& documents,
                                          Diagnostics& diagnostics);

}  // namespace infrac
