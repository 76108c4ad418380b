#include "lower/request_metrics.h"

#include "spec/slo_values.h"

namespace infrac {

RequestMetrics request_metrics(ComponentType type) {
  if (type == ComponentType::Grpc) {
    return {"rpc_server_duration_milliseconds_count", "rpc_server_duration_milliseconds_bucket",
            "rpc_grpc_status_code=~\"2|4|12|13|14|15\"", false};
  }
  return {"http_server_request_duration_seconds_count",
          "http_server_request_duration_seconds_bucket", "http_response_status_code=~\"5..\"",
          true};
}

std::string component_matchers(const Target& target, const Component& component) {
  if (component.metrics_via == MetricsVia::Otlp) {
    return std::string(kOtlpServiceLabel) + "=\"" + target.service + "\"," + kOtlpComponentLabel +
           "=\"" + component.name + "\"";
  }
  return "namespace=\"" + target.service + "\"," + kComponentLabel + "=\"" + component.name + "\"";
}

std::string le_matcher(std::int64_t ms, bool seconds) {
  std::string value = seconds ? exact_decimal(ms, 1000) : std::to_string(ms);
  if (value.find('.') != std::string::npos) return "le=\"" + value + "\"";
  return "le=~\"" + value + "|" + value + "\\\\.0\"";
}

}  // namespace infrac
