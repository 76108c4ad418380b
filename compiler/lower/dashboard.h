// One Grafana dashboard per service and environment, from one template: the same rows in the
// same order for every service, so anyone can read any service's state at a glance.
//  1. Service level (with an SLO): per objective, the SLI over the window, the error budget
//     remaining and the burn rate (the series of lower/slo_rules.h);
//  2. per long-running component, the golden signals: traffic, errors and latency (p50, p95,
//     p99) from the request histograms (lower/request_metrics.h; http and grpc), then
//     saturation: CPU, memory, available replicas and restarts (cAdvisor, kube-state-metrics);
//  3. runs of cron and one-off jobs (kube-state-metrics);
//  4. datastores and queue depth, from the cloud's metrics as Prometheus sees them: AWS
//     CloudWatch through YACE (aws_<namespace>_<metric>_<statistic>{dimension_<Name>=...},
//     https://github.com/prometheus-community/yet-another-cloudwatch-exporter) and Cloud
//     Monitoring through Google Cloud Managed Service for Prometheus
//     (<service>_googleapis_com:<metric>,
//     https://cloud.google.com/stackdriver/docs/managed-prometheus/promql).
// Every query reads the dashboard's `datasource` variable (a Prometheus data source).
// The UID is derived from project, environment and service, so links and bookmarks survive
// every rebuild. The model is Grafana's dashboard JSON (schemaVersion 39), checked against
// @grafana/schema's Dashboard type in tests/tooling/dashboards.test.mjs, which also parses
// every query with promtool.
#pragma once

#include <string>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// <project>-<env>-<service>, or its first 31 characters and a hash when longer than Grafana's
// 40-character limit.
std::string dashboard_uid(const Model& model, const Target& target);

KValue grafana_dashboard(const Model& model, const Target& target);

}  // namespace infrac
