#include "pipeline/dump.h"

namespace infrac {
namespace {

using json = nlohmann::ordered_json;

std::string where(const Location& loc, const SourceFiles& files) {
  if (!loc.known()) return "";
  return std::string(files.path(loc.file)) + ":" + std::to_string(loc.line) + ":" +
         std::to_string(loc.column);
}

}  // namespace

namespace {

json component_json(const Component& c, const SourceFiles& files) {
  json cj = {
      {"name", c.name}, {"type", component_type_name(c.type)}, {"at", where(c.location, files)}};
  if (c.port) cj["port"] = c.port;
  if (c.type != ComponentType::Cron && c.type != ComponentType::Job) {
    cj["replicas"] = {{"min", c.min_replicas}, {"max", c.max_replicas}};
  }
  cj["resources"] = {{"cpu", c.cpu}, {"memory", c.memory}, {"memory_limit", c.memory_limit}};
  cj["security"] = {{"run_as_user", c.run_as_user}, {"run_as_group", c.run_as_group}};
  if (!c.health_path.empty()) cj["health"] = c.health_path;
  if (c.is_public) cj["public"] = true;
  if (!c.consumes.empty()) cj["consumes"] = c.consumes;
  if (!c.schedule.empty()) cj["schedule"] = c.schedule;
  if (!c.timezone.empty()) cj["timezone"] = c.timezone;
  if (c.timeout_seconds) cj["timeout_seconds"] = c.timeout_seconds;
  if (!c.command.empty()) cj["command"] = c.command;
  if (c.metrics_via == MetricsVia::Otlp) cj["metrics"] = {{"via", "otlp"}};
  if (c.metrics_via == MetricsVia::Prometheus)
    cj["metrics"] = {{"via", "prometheus"}, {"port", c.metrics_port}, {"path", c.metrics_path}};
  if (!c.renamed_from.empty()) cj["renamed_from"] = c.renamed_from;
  const KubernetesEscape& k = c.kubernetes;
  if (!k.empty()) {
    json kj = json::object();
    if (!k.annotations.empty()) kj["annotations"] = k.annotations;
    if (!k.labels.empty()) kj["labels"] = k.labels;
    if (!k.node_selector.empty()) kj["node_selector"] = k.node_selector;
    if (!k.tolerations.empty()) kj["tolerations"] = k.tolerations.size();
    for (const auto& sc : k.sidecars) kj["sidecars"].push_back(sc.name);
    cj["kubernetes"] = std::move(kj);
  }
  return cj;
}

// The objectives as written and where, and the team's alert target.
void observability_json(const Target& t, const SourceFiles& files, json& j) {
  if (t.slo) {
    json slo = {{"component", t.slo->component},
                {"window_days", t.slo->window_days},
                {"at", where(t.slo->location, files)}};
    if (t.slo->availability.objective) slo["availability"] = t.slo->availability.text;
    if (t.slo->latency.objective) {
      slo["latency"] = {{"objective", t.slo->latency.text},
                        {"threshold_ms", t.slo->latency_threshold_ms}};
    }
    j["slo"] = std::move(slo);
  }
  if (!t.alert_target.empty()) j["alert_target"] = t.alert_target;
}

}  // namespace

json dump_model(const Model& model, const std::set<std::string>& selected,
                const SourceFiles& files) {
  json out;
  const Project& p = model.project;
  out["project"] = {{"name", p.name},
                    {"cloud", p.cloud == Cloud::Aws ? "aws" : "gcp"},
                    {"region", p.region},
                    {"registry", p.registry},
                    {"output", p.output}};
  json envs = json::array();
  for (const auto& e : p.environments) {
    envs.push_back({{"name", e.name},
                    {"account", e.account},
                    {"cluster", e.cluster},
                    {"domain", e.domain},
                    {"region", e.region}});
  }
  out["project"]["environments"] = std::move(envs);
  json targets = json::array();
  for (const auto& t : model.targets) {
    if (!selected.count(t.id())) continue;
    json j;
    j["target"] = t.id();
    j["team"] = t.team;
    j["tier"] = t.tier;
    j["image"] = t.image.reference;
    j["internal_url"] = t.internal_url;
    if (t.public_url) j["public_url"] = t.public_url->url;
    json components = json::array();
    for (const auto& c : t.components) components.push_back(component_json(c, files));
    j["components"] = std::move(components);
    json datastores = json::array();
    for (const auto& d : t.datastores) {
      json dj = {{"name", d.name}, {"type", d.type}, {"at", where(d.location, files)}};
      if (!d.version.empty()) dj["version"] = d.version;
      if (!d.size.empty()) dj["size"] = d.size;
      if (d.type == "postgres" || d.type == "redis") dj["ha"] = d.ha;
      if (d.storage_gb) dj["storage_gb"] = d.storage_gb;
      if (d.type == "bucket") dj["versioning"] = d.versioning;
      if (d.type == "queue") dj["fifo"] = d.fifo;
      if (!d.adopt.empty()) dj["adopt"] = d.adopt;
      if (!d.renamed_from.empty()) dj["renamed_from"] = d.renamed_from;
      if (d.major_upgrade) dj["major_upgrade"] = true;
      datastores.push_back(std::move(dj));
    }
    j["datastores"] = std::move(datastores);
    json deps = json::array();
    for (const auto& d : t.dependencies) deps.push_back(d.service);
    j["dependencies"] = std::move(deps);
    j["callers"] = t.callers;
    if (!t.publishes.empty()) {
      json publishes = json::array();
      for (const auto& p : t.publishes) publishes.push_back(p.service + "." + p.queue);
      j["publishes"] = std::move(publishes);
    }
    json env = json::array();
    for (const auto& v : t.env_vars) {
      json vj = {{"name", v.name}, {"source", env_source_name(v.source)}};
      switch (v.source) {
        case EnvSource::Literal:
        case EnvSource::ServiceUrl:
          vj["value"] = v.value;
          break;
        case EnvSource::Secret:
          vj["key"] = v.secret_key;
          break;
        case EnvSource::DatastoreOutput:
          vj["output"] = v.datastore + "." + v.output;
          break;
      }
      vj["at"] = where(v.location, files);
      env.push_back(std::move(vj));
    }
    j["env"] = std::move(env);
    observability_json(t, files, j);
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  return out;
}

}  // namespace infrac
