#include "lower/standard_alerts.h"

#include "lower/metrics_alerts.h"
#include "spec/cron.h"

namespace infrac {
namespace {

struct Alert {
  std::string name, expr, for_duration, summary;
};

KValue alert_rule(const Target& t, const Component& c, Alert a) {
  KValue rule = KValue::map({{"alert", KValue::str(a.name)}, {"expr", KValue::str(a.expr)}});
  if (!a.for_duration.empty()) rule.set("for", KValue::str(a.for_duration));
  rule.set("labels", KValue::map({{"severity", KValue::str("ticket")},
                                  {"service", KValue::str(t.service)},
                                  {"team", KValue::str(t.team)},
                                  {"component", KValue::str(c.name)}}));
  rule.set("annotations", KValue::map({{"summary", KValue::str(a.summary)}}));
  return rule;
}

std::string ns(const Target& t) {
  return "namespace=\"" + t.service + "\"";
}

void deployment_alerts(const Target& t, const Component& c, KValue& rules) {
  std::string name = t.service + "-" + c.name;
  rules.items.push_back(alert_rule(
      t, c,
      {"ContainerCrashLooping",
       "max_over_time(kube_pod_container_status_waiting_reason{" + ns(t) + ",container=\"" +
           c.name + "\",reason=\"CrashLoopBackOff\"}[5m]) >= 1",
       "15m", t.service + "/" + c.name + ": a container keeps crashing and restarting"}));
  rules.items.push_back(alert_rule(
      t, c,
      {"ReplicasUnavailable",
       "kube_deployment_status_replicas_unavailable{" + ns(t) + ",deployment=\"" + name + "\"} > 0",
       "15m", t.service + "/" + c.name + ": replicas have been unavailable for 15 minutes"}));
  if (c.max_replicas <= c.min_replicas) return;
  std::string hpa = "{" + ns(t) + ",horizontalpodautoscaler=\"" + name + "\"}";
  rules.items.push_back(alert_rule(
      t, c,
      {"AutoscalerAtMaximum",
       "kube_horizontalpodautoscaler_status_current_replicas" + hpa +
           " >= kube_horizontalpodautoscaler_spec_max_replicas" + hpa,
       "15m",
       t.service + "/" + c.name + ": running at its maximum of " + std::to_string(c.max_replicas) +
           " replicas; the autoscaler can add no more"}));
}

void job_alerts(const Target& t, const Component& c, KValue& rules) {
  std::string name = t.service + "-" + c.name;
  bool cron = c.type == ComponentType::Cron;
  rules.items.push_back(alert_rule(t, c,
                                   {"JobFailed",
                                    "kube_job_failed{" + ns(t) + ",job_name=~\"" +
                                        job_name_pattern(t, c) + "\",condition=\"true\"} > 0",
                                    "", t.service + "/" + c.name + ": a run failed"}));
  if (!cron) return;
  std::int64_t gap = cron_longest_gap_minutes(c.schedule).value_or(1440) * 60;
  std::int64_t deadline = c.timeout_seconds > 0 ? c.timeout_seconds : 3600;
  std::string cj = "{" + ns(t) + ",cronjob=\"" + name + "\"}";
  rules.items.push_back(alert_rule(
      t, c,
      {"CronJobNotSucceeded",
       "time() - (kube_cronjob_status_last_successful_time" + cj + " or kube_cronjob_created" + cj +
           ") > " + std::to_string(gap + deadline + 3600),
       "",
       t.service + "/" + c.name + ": no successful run since its schedule's longest gap, " +
           "its deadline and an hour have passed"}));
}

}  // namespace

std::string job_name_pattern(const Target& t, const Component& c) {
  return t.service + "-" + c.name + (c.type == ComponentType::Cron ? "-[0-9]+" : "-[0-9a-f]+");
}

KValue standard_alert_group(const Target& t) {
  KValue rules = KValue::list();
  for (const auto& c : t.components) {
    if (c.type == ComponentType::Cron || c.type == ComponentType::Job) {
      job_alerts(t, c, rules);
    } else {
      deployment_alerts(t, c, rules);
      append_metrics_alerts(t, c, rules);
    }
  }
  return KValue::map({{"name", KValue::str(t.service + "-standard")}, {"rules", std::move(rules)}});
}

}  // namespace infrac
