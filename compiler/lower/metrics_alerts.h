// The alerts that say a component's metrics stopped arriving, so its SLO and dashboard are
// not silently empty (docs/observability.md#the-metrics-contract):
//  - MetricsTargetDown: a scraped pod's target failed its scrapes for 10 minutes
//    (`up == 0` of the job the Prometheus Operator names after the component's Service,
//    https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitorSpec
//    jobLabel;
//    https://prometheus.io/docs/concepts/jobs_instances/#automatically-generated-labels-and-time-series);
//  - MetricsTargetMissing: no target of that job at all for 15 minutes (the ServiceMonitor
//    is not selected, or the Service has no endpoints): `absent(up{...})`;
//  - RequestMetricsAbsent: an http or grpc component's request histogram has had no series
//    for 15 minutes (both ways of exposure; for otlp the only signal: the pod has no target).
// In production the component an SLO measures pages (its burn-rate alerts are blind without
// the series); every other one is a ticket, like the standard alerts.
// Tested by tests/tooling/rules.test.mjs (promtool) and the golden files.
#pragma once

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// Appends the component's metrics alerts to `rules`; nothing without metrics.
void append_metrics_alerts(const Target& target, const Component& component, KValue& rules);

}  // namespace infrac
