// A service's SLOs as Prometheus rule groups, in the shape the established SLO generators
// (Sloth, Pyrra) produce, so their dashboards and habits carry over:
//  - <service>-<slo>-sli: slo:sli_error:ratio_rate<W> for every alert window W, and the
//    whole SLO window's ratio averaged from the 5m one (slo:sli_error:ratio_rate28d);
//  - <service>-<slo>-meta: objective, error budget, window length, current and period burn
//    rate, and the budget remaining (slo:period_error_budget_remaining:ratio);
//  - <service>-<slo>-alerts: ErrorBudgetBurnFast (severity page) and ErrorBudgetBurnSlow
//    (severity ticket) from the windows of spec/burn_rate.h, labelled with service, team,
//    slo and severity for the Alertmanager's routing.
// Every series carries slo_id (<service>-<slo>), slo_service, slo_name and slo_window.
// Tested by tests/tooling/rules.test.mjs (promtool check rules, promtool test rules with
// synthetic series) and the golden files.
#pragma once

#include <string>
#include <vector>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// One objective of a target's SLO, with what the rules need to name and measure it.
struct SloDefinition {
  std::string name;  // availability | latency
  std::string id;    // <service>-<name>
  std::int64_t objective = 0;
  std::string objective_text;
  const Component* component = nullptr;
  std::int64_t threshold_ms = 0;  // latency
};

// The target's objectives in a fixed order (availability, latency); empty without an SLO.
std::vector<SloDefinition> slo_definitions(const Target& target);

// The error ratio of `slo` over `window` ("5m") as PromQL.
std::string sli_error_ratio(const Target& target, const SloDefinition& slo,
                            const std::string& window);

// The rule groups of every objective (three each); `dashboard_uid` goes into the alerts'
// annotations.
std::vector<KValue> slo_rule_groups(const Target& target, const std::string& dashboard_uid);

}  // namespace infrac
