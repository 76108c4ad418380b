#include "lower/metrics_alerts.h"

#include "lower/request_metrics.h"

namespace infrac {
namespace {

bool measured(const Target& t, const Component& c) {
  return t.slo && t.slo->component == c.name;
}

std::string severity(const Target& t, const Component& c) {
  return t.production && measured(t, c) ? "page" : "ticket";
}

KValue rule(const Target& t, const Component& c, const std::string& name, const std::string& expr,
            const std::string& summary) {
  return KValue::map(
      {{"alert", KValue::str(name)},
       {"expr", KValue::str(expr)},
       {"for", KValue::str(name == "MetricsTargetDown" ? "10m" : "15m")},
       {"labels", KValue::map({{"severity", KValue::str(severity(t, c))},
                               {"service", KValue::str(t.service)},
                               {"team", KValue::str(t.team)},
                               {"component", KValue::str(c.name)}})},
       {"annotations",
        KValue::map({{"summary", KValue::str(t.service + "/" + c.name + ": " + summary)}})}});
}

}  // namespace

void append_metrics_alerts(const Target& t, const Component& c, KValue& rules) {
  if (c.metrics_via == MetricsVia::None) return;
  if (c.metrics_via == MetricsVia::Prometheus) {
    std::string up =
        "up{namespace=\"" + t.service + "\",job=\"" + t.component_object_name(c) + "\"}";
    rules.items.push_back(rule(t, c, "MetricsTargetDown", up + " == 0",
                               "Prometheus has failed to scrape its metrics for 10 minutes"));
    rules.items.push_back(rule(t, c, "MetricsTargetMissing", "absent(" + up + ")",
                               "Prometheus has found no metrics target to scrape for 15 "
                               "minutes (is the ServiceMonitor selected?)"));
  }
  if (!serves_traffic(c.type)) return;
  RequestMetrics m = request_metrics(c.type);
  rules.items.push_back(rule(
      t, c, "RequestMetricsAbsent", "absent(" + m.count + "{" + component_matchers(t, c) + "})",
      "no request metrics (" + m.count + ") for 15 minutes: " +
          (measured(t, c) ? "its SLO and dashboard read nothing" : "its dashboard reads nothing")));
}

}  // namespace infrac
