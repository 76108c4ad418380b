#include "lower/slo_rules.h"

#include "lower/request_metrics.h"
#include "spec/burn_rate.h"
#include "spec/slo_values.h"

namespace infrac {
namespace {

KValue slo_labels(const Target& t, const SloDefinition& slo) {
  return KValue::map({{"slo_id", KValue::str(slo.id)},
                      {"slo_service", KValue::str(t.service)},
                      {"slo_name", KValue::str(slo.name)}});
}

KValue recording(const std::string& record, std::string expr, KValue labels) {
  return KValue::map({{"record", KValue::str(record)},
                      {"expr", KValue::str(std::move(expr))},
                      {"labels", std::move(labels)}});
}

std::string of(const SloDefinition& slo) {
  return "{slo_id=\"" + slo.id + "\"}";
}

std::string budget(const SloDefinition& slo) {
  return exact_decimal(kObjectiveScale - slo.objective, kObjectiveScale);
}

std::string window_label(int days) {
  return std::to_string(days) + "d";
}

KValue sli_group(const Target& t, const SloDefinition& slo, int days) {
  KValue rules = KValue::list();
  for (const auto& w : sli_windows()) {
    KValue labels = slo_labels(t, slo);
    labels.set("slo_window", KValue::str(w));
    rules.items.push_back(
        recording("slo:sli_error:ratio_rate" + w, sli_error_ratio(t, slo, w), std::move(labels)));
  }
  // The whole window from the 5m ratio: cheap, and what Sloth and Pyrra do.
  std::string d = window_label(days);
  KValue labels = slo_labels(t, slo);
  labels.set("slo_window", KValue::str(d));
  rules.items.push_back(recording("slo:sli_error:ratio_rate" + d,
                                  "sum_over_time(slo:sli_error:ratio_rate5m" + of(slo) + "[" + d +
                                      "]) / ignoring (slo_window) count_over_time(" +
                                      "slo:sli_error:ratio_rate5m" + of(slo) + "[" + d + "])",
                                  std::move(labels)));
  return KValue::map({{"name", KValue::str(slo.id + "-sli")}, {"rules", std::move(rules)}});
}

KValue meta_group(const Target& t, const SloDefinition& slo, int days) {
  std::string on =
      " / on (slo_id, slo_service, slo_name) group_left slo:error_budget:ratio" + of(slo);
  KValue rules = KValue::list(
      {recording("slo:objective:ratio",
                 "vector(" + exact_decimal(slo.objective, kObjectiveScale) + ")",
                 slo_labels(t, slo)),
       recording("slo:error_budget:ratio", "vector(" + budget(slo) + ")", slo_labels(t, slo)),
       recording("slo:time_period:days", "vector(" + std::to_string(days) + ")",
                 slo_labels(t, slo)),
       recording("slo:current_burn_rate:ratio", "slo:sli_error:ratio_rate5m" + of(slo) + on,
                 slo_labels(t, slo)),
       recording("slo:period_burn_rate:ratio",
                 "slo:sli_error:ratio_rate" + window_label(days) + of(slo) + on,
                 slo_labels(t, slo)),
       recording("slo:period_error_budget_remaining:ratio",
                 "1 - slo:period_burn_rate:ratio" + of(slo), slo_labels(t, slo))});
  return KValue::map({{"name", KValue::str(slo.id + "-meta")}, {"rules", std::move(rules)}});
}

// Both windows of a pair above factor x budget.
std::string window_pair(const SloDefinition& slo, const BurnWindow& w, int days) {
  std::string threshold = "(" + burn_factor(w, days) + " * " + budget(slo) + ")";
  auto above = [&](const char* window) {
    return "max(slo:sli_error:ratio_rate" + std::string(window) + of(slo) + " > " + threshold +
           ") without (slo_window)";
  };
  return "(" + above(w.short_window) + " and " + above(w.long_window) + ")";
}

KValue burn_alert(const Target& t, const SloDefinition& slo, int days, const std::string& severity,
                  const std::string& uid) {
  std::string expr, spent;
  for (const auto& w : burn_windows()) {
    if (w.severity != severity) continue;
    expr += (expr.empty() ? "" : " or ") + window_pair(slo, w, days);
    spent += std::string(spent.empty() ? "" : ", or ") + std::to_string(w.budget_percent) +
             "% within " + w.long_window;
  }
  bool page = severity == "page";
  // The fast-burn alert keeps its name and expression everywhere; it pages in production only.
  std::string label = t.production || !page ? severity : "ticket";
  KValue labels = KValue::map({{"severity", KValue::str(label)},
                               {"service", KValue::str(t.service)},
                               {"team", KValue::str(t.team)},
                               {"slo", KValue::str(slo.name)},
                               {"component", KValue::str(slo.component->name)}});
  KValue annotations = KValue::map(
      {{"summary", KValue::str(t.service + ": the " + slo.name + " error budget is burning " +
                               (page ? "fast" : "steadily"))},
       {"description",
        KValue::str("Objective " + slo.objective_text + "% over " + window_label(days) + ": " +
                    spent + " of the error budget spent at the current rate.")},
       {"dashboard", KValue::str("/d/" + uid)}});
  return KValue::map({{"alert", KValue::str(page ? "ErrorBudgetBurnFast" : "ErrorBudgetBurnSlow")},
                      {"expr", KValue::str(expr)},
                      {"labels", std::move(labels)},
                      {"annotations", std::move(annotations)}});
}

}  // namespace

std::vector<SloDefinition> slo_definitions(const Target& t) {
  std::vector<SloDefinition> out;
  if (!t.slo) return out;
  const Component* component = nullptr;
  for (const auto& c : t.components) {
    if (c.name == t.slo->component) component = &c;
  }
  if (!component) return out;
  if (t.slo->availability.objective > 0) {
    out.push_back({"availability", t.service + "-availability", t.slo->availability.objective,
                   t.slo->availability.text, component, 0});
  }
  if (t.slo->latency.objective > 0) {
    out.push_back({"latency", t.service + "-latency", t.slo->latency.objective, t.slo->latency.text,
                   component, t.slo->latency_threshold_ms});
  }
  return out;
}

std::string sli_error_ratio(const Target& t, const SloDefinition& slo, const std::string& w) {
  RequestMetrics m = request_metrics(slo.component->type);
  std::string sel = component_matchers(t, *slo.component);
  std::string total = "sum(rate(" + m.count + "{" + sel + "}[" + w + "]))";
  if (slo.name == "latency") {
    return "1 - (sum(rate(" + m.bucket + "{" + sel + "," + le_matcher(slo.threshold_ms, m.seconds) +
           "}[" + w + "])) / " + total + ")";
  }
  // No failed request yet means no error series at all: count it as zero errors.
  return "(sum(rate(" + m.count + "{" + sel + "," + m.server_error + "}[" + w +
         "])) or vector(0)) / " + total;
}

std::vector<KValue> slo_rule_groups(const Target& t, const std::string& dashboard_uid) {
  std::vector<KValue> groups;
  int days = t.slo ? t.slo->window_days : 28;
  for (const auto& slo : slo_definitions(t)) {
    groups.push_back(sli_group(t, slo, days));
    groups.push_back(meta_group(t, slo, days));
    groups.push_back(KValue::map(
        {{"name", KValue::str(slo.id + "-alerts")},
         {"rules", KValue::list({burn_alert(t, slo, days, "page", dashboard_uid),
                                 burn_alert(t, slo, days, "ticket", dashboard_uid)})}}));
  }
  return groups;
}

}  // namespace infrac
