// The metrics contract (docs/observability.md#the-metrics-contract): the SDK variables a
// container gets for each way of exposure (lower/telemetry.h), the labels the rules select
// its series by (lower/request_metrics.h), and the alerts on missing metrics with their
// severity per environment (lower/metrics_alerts.h).
// The rules' PromQL is judged by promtool in tests/tooling/rules.test.mjs.
#include <catch2/catch.hpp>

#include "lower/metrics_alerts.h"
#include "lower/request_metrics.h"
#include "lower/telemetry.h"

using namespace infrac;

namespace {

Component component(ComponentType type, MetricsVia via, int port = 9090) {
  Component c;
  c.name = type == ComponentType::Worker ? "sender" : "api";
  c.type = type;
  c.port = type == ComponentType::Worker ? 0 : 8080;
  c.metrics_via = via;
  c.metrics_port = via == MetricsVia::Prometheus ? port : 0;
  return c;
}

Target target(bool production, std::vector<Component> components) {
  Target t;
  t.env = production ? "prod" : "dev";
  t.production = production;
  t.service = "rides";
  t.team = "dispatch";
  t.components = std::move(components);
  return t;
}

std::map<std::string, std::string> env_of(const Component& c) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : metrics_exporter_env(c)) out[k] = v;
  return out;
}

// alert name -> {expr, severity}
std::map<std::string, std::pair<std::string, std::string>> alerts(const Target& t) {
  KValue rules = KValue::list();
  for (const auto& c : t.components) append_metrics_alerts(t, c, rules);
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& r : rules.items) {
    out[r.find("alert")->text + "/" + r.find("labels")->find("component")->text] = {
        r.find("expr")->text, r.find("labels")->find("severity")->text};
  }
  return out;
}

}  // namespace

TEST_CASE("metrics contract: the SDK exporter variables of each way of exposure") {
  auto scraped = env_of(component(ComponentType::Http, MetricsVia::Prometheus, 9091));
  CHECK(scraped == std::map<std::string, std::string>{{"OTEL_METRICS_EXPORTER", "prometheus"},
                                                      {"OTEL_EXPORTER_PROMETHEUS_HOST", "0.0.0.0"},
                                                      {"OTEL_EXPORTER_PROMETHEUS_PORT", "9091"}});
  auto pushed = env_of(component(ComponentType::Grpc, MetricsVia::Otlp));
  CHECK(pushed == std::map<std::string, std::string>{
                      {"OTEL_METRICS_EXPORTER", "otlp"},
                      {"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "cumulative"}});
  CHECK(env_of(component(ComponentType::Http, MetricsVia::None)).empty());
  // On the worker's health port the application serves the endpoint itself.
  Component worker = component(ComponentType::Worker, MetricsVia::Prometheus, 8081);
  worker.health_port = 8081;
  CHECK(env_of(worker).empty());
  worker.health_port = 8082;
  CHECK(env_of(worker).at("OTEL_EXPORTER_PROMETHEUS_PORT") == "8081");
}

TEST_CASE("metrics contract: the rules select the labels each way of exposure produces") {
  Target t = target(true, {});
  CHECK(component_matchers(t, component(ComponentType::Http, MetricsVia::Prometheus)) ==
        "namespace=\"rides\",component=\"api\"");
  CHECK(component_matchers(t, component(ComponentType::Http, MetricsVia::Otlp)) ==
        "service_name=\"rides\",app_component=\"api\"");
  // The stable semantic-convention names, the same both ways.
  CHECK(request_metrics(ComponentType::Http).bucket ==
        "http_server_request_duration_seconds_bucket");
  CHECK(request_metrics(ComponentType::Grpc).count == "rpc_server_duration_milliseconds_count");
}

TEST_CASE("metrics contract: a down or missing target and absent request metrics alert") {
  Target t = target(false, {component(ComponentType::Http, MetricsVia::Prometheus),
                            component(ComponentType::Worker, MetricsVia::Prometheus)});
  auto a = alerts(t);
  CHECK(a.size() == 5);
  CHECK(a.at("MetricsTargetDown/api").first == "up{namespace=\"rides\",job=\"rides\"} == 0");
  CHECK(a.at("MetricsTargetMissing/sender").first ==
        "absent(up{namespace=\"rides\",job=\"rides-sender\"})");
  CHECK(
      a.at("RequestMetricsAbsent/api").first ==
      "absent(http_server_request_duration_seconds_count{namespace=\"rides\",component=\"api\"})");
  CHECK(!a.count("RequestMetricsAbsent/sender"));  // a worker serves no requests
  for (const auto& [name, alert] : a) CHECK(alert.second == "ticket");

  // Pushed: no target of its own, only the request series.
  Target pushed = target(false, {component(ComponentType::Grpc, MetricsVia::Otlp),
                                 component(ComponentType::Worker, MetricsVia::None)});
  auto p = alerts(pushed);
  REQUIRE(p.size() == 1);
  CHECK(p.begin()->first == "RequestMetricsAbsent/api");
  CHECK(p.begin()->second.first ==
        "absent(rpc_server_duration_milliseconds_count{service_name=\"rides\",app_component="
        "\"api\"})");
}

TEST_CASE("metrics contract: the SLO's component pages in production only") {
  for (bool production : {true, false}) {
    Target t = target(production, {component(ComponentType::Http, MetricsVia::Prometheus),
                                   component(ComponentType::Worker, MetricsVia::Prometheus)});
    t.slo = Slo{};
    t.slo->component = "api";
    auto a = alerts(t);
    CHECK(a.at("RequestMetricsAbsent/api").second == (production ? "page" : "ticket"));
    CHECK(a.at("MetricsTargetDown/api").second == (production ? "page" : "ticket"));
    CHECK(a.at("MetricsTargetDown/sender").second == "ticket");
  }
}
