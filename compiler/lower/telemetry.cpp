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
