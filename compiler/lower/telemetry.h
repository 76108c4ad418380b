// OpenTelemetry's standard environment variables for one component
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/): every
// SDK then names the service, its environment and version the same way, so traces, metrics
// and logs of one service meet under one name. Kubernetes containers and Cloud Run services
// get the same values (lower/k8s_lower.cpp, lower/cloud_run_lower.cpp).
// Tested by tests/cli/build_test.cpp and tests/cli/gcp_test.cpp (golden files).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "resolve/model.h"

namespace infrac {

// The deployed image's version: its tag (or --image-tag's), or for an image pinned only by
// digest the digest's algorithm and first 12 hex digits (a label value has at most 63
// characters and no ':').
std::string deployed_version(const Image& image, const std::string& image_tag);

// OTEL_EXPORTER_OTLP_ENDPOINT (when the project sets one and `with_endpoint`),
// OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, in that order; none the spec sets itself.
std::vector<std::pair<std::string, std::string>> telemetry_env(const Model& model,
                                                               const Target& target,
                                                               const Component& component,
                                                               const std::string& version,
                                                               bool with_endpoint);

}  // namespace infrac
