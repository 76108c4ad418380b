// What infrac's SLOs, alerts and dashboards read from a component's metrics: the
// OpenTelemetry semantic-convention request histograms as Prometheus exposes them, and the
// labels the ServiceMonitor puts on every scraped series.
//  - http: http.server.request.duration (seconds) ->
//    http_server_request_duration_seconds_{bucket,count}, status in http_response_status_code
//    (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/);
//  - grpc: rpc.server.duration (milliseconds) -> rpc_server_duration_milliseconds_{bucket,count},
//    status in rpc_grpc_status_code (https://opentelemetry.io/docs/specs/semconv/rpc/rpc-metrics/);
//    the server-error codes are UNKNOWN 2, DEADLINE_EXCEEDED 4, UNIMPLEMENTED 12, INTERNAL 13,
//    UNAVAILABLE 14 and DATA_LOSS 15 (https://grpc.github.io/grpc/core/md_doc_statuscodes.html);
//    client errors (INVALID_ARGUMENT, NOT_FOUND, ...) do not spend the budget.
// Metric names follow the OpenTelemetry-to-Prometheus rules (unit suffix, '.' -> '_'):
// https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/
// Tested by tests/tooling/rules.test.mjs (promtool) and the golden files.
#pragma once

#include <cstdint>
#include <string>

#include "resolve/model.h"

namespace infrac {

struct RequestMetrics {
  std::string count;         // the histogram's _count series
  std::string bucket;        // its _bucket series
  std::string server_error;  // a label matcher selecting failed requests
  bool seconds = true;       // bucket boundaries in seconds (http) or milliseconds (grpc)
};

RequestMetrics request_metrics(ComponentType type);

// The label the ServiceMonitor copies from the pod's app.kubernetes.io/component.
inline constexpr const char* kComponentLabel = "component";

// Pushed metrics (via otlp) reach Prometheus through the collector's prometheus exporter, so
// they carry the collector's target labels, not the pod's. With that exporter's
// resource_to_telemetry_conversion enabled (docs/observability.md#the-metrics-contract), the
// resource attributes lower/telemetry.h sets become labels: service.name and app.component
// (https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/prometheusexporter).
inline constexpr const char* kOtlpServiceLabel = "service_name";
inline constexpr const char* kOtlpComponentLabel = "app_component";

// The matchers of one component's series: `namespace="rides",component="api"` when scraped
// from the pod, `service_name="rides",app_component="api"` when pushed through the collector.
std::string component_matchers(const Target& target, const Component& component);

// The matcher of the bucket at `ms`: le="0.25" (seconds) or le="250" (milliseconds). A whole
// number is matched in both spellings Prometheus versions write (le="1" and le="1.0").
std::string le_matcher(std::int64_t ms, bool seconds);

}  // namespace infrac
