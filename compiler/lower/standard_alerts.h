// The alerts every service on Kubernetes gets, whatever its spec says, read from
// kube-state-metrics (https://github.com/kubernetes/kube-state-metrics/tree/main/docs):
//  - a container crash-looping for 15 minutes (kube_pod_container_status_waiting_reason);
//  - a Deployment with unavailable replicas for 15 minutes
//    (kube_deployment_status_replicas_unavailable);
//  - an autoscaled Deployment held at its maximum for 15 minutes (the HPA can add no more);
//  - a cron or one-off Job that failed (kube_job_failed, the Job's Failed condition);
//  - a cron job without a success for longer than its schedule's longest gap plus the run's
//    deadline and an hour (kube_cronjob_status_last_successful_time, or the CronJob's creation
//    when it never succeeded): a run that failed, hung or was never started. Elapsed time is
//    compared, so the schedule's time zone does not matter.
//  - the metrics of a long-running component stopped arriving (lower/metrics_alerts.h).
// Dead-letter queues alarm in the cloud, where their depth is measured (modules/*/queue).
// All are severity ticket (but a measured component's missing metrics in production), labelled
// service, team and component; SLO burn pages.
// Tested by tests/tooling/rules.test.mjs (promtool) and the golden files.
#pragma once

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// The names of the Jobs a cron or job component creates, as a regex: a CronJob's are
// <service>-<component>-<scheduled minute>, a Job component's end in a content hash
// (lower/k8s_lower.cpp).
std::string job_name_pattern(const Target& target, const Component& component);

// One rule group, <service>-standard; empty rules when the target has no components.
KValue standard_alert_group(const Target& target);

}  // namespace infrac
