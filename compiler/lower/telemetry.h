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

// The metrics exporter the component's contract asks of its SDK (docs/observability.md#the-
// metrics-contract), from the SDK environment variables of the OpenTelemetry specification
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
//  - via prometheus: OTEL_METRICS_EXPORTER=prometheus with OTEL_EXPORTER_PROMETHEUS_HOST=0.0.0.0
//    and OTEL_EXPORTER_PROMETHEUS_PORT=<metrics port> (#prometheus-exporter; the defaults,
//    localhost:9464, are out of the scraper's reach and off the ServiceMonitor's port); none
//    when the endpoint shares the worker's health port, which the application serves itself;
//  - via otlp: OTEL_METRICS_EXPORTER=otlp and
//    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative
//    (https://opentelemetry.io/docs/specs/otel/metrics/sdk_exporters/otlp/), the endpoint being
//    OTEL_EXPORTER_OTLP_ENDPOINT;
//  - no metrics: nothing.
std::vector<std::pair<std::string, std::string>> metrics_exporter_env(const Component& component);

// OTEL_EXPORTER_OTLP_ENDPOINT (when the project sets one and `with_endpoint`),
// OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME and metrics_exporter_env, in that order; none
// the spec sets itself.
std::vector<std::pair<std::string, std::string>> telemetry_env(const Model& model,
                                                               const Target& target,
                                                               const Component& component,
                                                               const std::string& version,
                                                               bool with_endpoint);

}  // namespace infrac
