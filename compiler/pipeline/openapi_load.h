// The OpenAPI pass: each Cloud Run service's own OpenAPI file (spec.openapi) is read once,
// whatever the number of environments, through the same YAML loader and limits as every other
// input (size, depth, aliases, duplicate keys), and added to the run's source files so its
// diagnostics point into it. Lowering the API gateways reads the result; it never reads files.
// Tested by tests/cli/gcp_test.cpp (a service's own document; an unreadable one).
#pragma once

#include <filesystem>

#include "base/diagnostic.h"
#include "base/inputs.h"
#include "base/source_files.h"
#include "lower/gateway_lower.h"
#include "resolve/model.h"
#include "spec/yaml_loader.h"

namespace infrac {

OpenApiDocuments load_openapi_documents(const Model& model, Inputs& inputs,
                                        const YamlLimits& limits, SourceFiles& files,
                                        Diagnostics& diagnostics);

}  // namespace infrac
