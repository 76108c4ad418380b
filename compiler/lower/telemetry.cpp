#include "lower/telemetry.h"

namespace infrac {

std::string deployed_version(const Image& image, const std::string& image_tag) {
  if (image.digest.empty() && !image_tag.empty()) return image_tag;
  if (!image.tag.empty()) return image.tag;
  const std::string& d = image.digest;
  auto colon = d.find(':');
  if (colon == std::string::npos) return {};
  return d.substr(0, colon) + "-" + d.substr(colon + 1, 12);
}

std::vector<std::pair<std::string, std::string>> metrics_exporter_env(const Component& c) {
  if (c.metrics_via == MetricsVia::Otlp) {
    // Prometheus stores cumulative counters and histograms; cumulative is the SDK default,
    // written out so a platform-wide delta preference cannot break the rate() queries.
    return {{"OTEL_METRICS_EXPORTER", "otlp"},
            {"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "cumulative"}};
  }
  // On the health port the application serves the endpoint with its own server: the SDK's
  // exporter would bind the same port.
  if (c.metrics_via != MetricsVia::Prometheus || c.metrics_port == 0 ||
      (c.health_port > 0 && c.metrics_port == c.health_port))
    return {};
  // The exporter listens on localhost by default; the scraper comes from another pod.
  return {{"OTEL_METRICS_EXPORTER", "prometheus"},
          {"OTEL_EXPORTER_PROMETHEUS_HOST", "0.0.0.0"},
          {"OTEL_EXPORTER_PROMETHEUS_PORT", std::to_string(c.metrics_port)}};
}

std::vector<std::pair<std::string, std::string>> telemetry_env(const Model& model, const Target& t,
                                                               const Component& c,
                                                               const std::string& version,
                                                               bool with_endpoint) {
  std::vector<std::pair<std::string, std::string>> env;
  const std::string& endpoint = model.project.observability.otlp_endpoint;
  if (with_endpoint && !endpoint.empty()) env.emplace_back("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
  env.emplace_back("OTEL_RESOURCE_ATTRIBUTES",
                   "service.namespace=" + model.project.name + ",deployment.environment.name=" +
                       t.env + ",service.version=" + version + ",app.component=" + c.name);
  env.emplace_back("OTEL_SERVICE_NAME", t.service);
  for (auto& entry : metrics_exporter_env(c)) env.push_back(std::move(entry));
  // A variable the spec sets itself wins: it is the service's own choice, and a name twice
  // would be a duplicate key in Cloud Run's env map.
  std::erase_if(env, [&](const auto& entry) {
    for (const auto& v : t.env_vars)
      if (v.name == entry.first) return true;
    return false;
  });
  return env;
}

}  // namespace infrac
