# Service level objectives on the service's requests, measured by Cloud Monitoring from Cloud
# Run's own metrics (https://cloud.google.com/monitoring/api/metrics_gcp#gcp-run):
# availability counts responses of class 5xx against all (run.googleapis.com/request_count),
# latency the share of run.googleapis.com/request_latencies (milliseconds) under a threshold.
# Request-based SLIs on a custom service:
# https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/using-api
# Each objective gets the multi-window burn-rate alerts infrac passes (the SRE workbook's
# table, lower/burn_rate.h): one policy per window pair, both windows above the factor
# (select_slo_burn_rate, https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/alerting-on-budget-burn-rate).

locals {
  run_resource = join(" AND ", ["resource.type=\"cloud_run_revision\"", "resource.label.\"service_name\"=\"${var.name}\""])
  requests     = "metric.type=\"run.googleapis.com/request_count\" AND ${local.run_resource}"
  latencies    = "metric.type=\"run.googleapis.com/request_latencies\" AND ${local.run_resource}"
  burn_alerts = {
    for pair in setproduct(keys(var.slos), range(length(var.burn_rate_alerts))) :
    "${pair[0]}-${var.burn_rate_alerts[pair[1]].long_seconds}s" => {
      slo    = pair[0]
      window = var.burn_rate_alerts[pair[1]]
    }
  }
}

resource "google_monitoring_custom_service" "this" {
  count        = length(var.slos) > 0 ? 1 : 0
  project      = var.project
  service_id   = var.name
  display_name = "Cloud Run ${var.name}"
  user_labels  = var.labels
}

resource "google_monitoring_slo" "this" {
  for_each            = var.slos
  project             = var.project
  service             = google_monitoring_custom_service.this[0].service_id
  slo_id              = each.key
  display_name        = "${var.name} ${each.key}: ${each.value.goal * 100}% over ${var.slo_window_days} days"
  goal                = each.value.goal
  rolling_period_days = var.slo_window_days
  user_labels         = var.labels

  request_based_sli {
    dynamic "good_total_ratio" {
      for_each = each.value.latency_threshold_ms == 0 ? [1] : []
      content {
        bad_service_filter   = "${local.requests} AND metric.label.\"response_code_class\"=\"5xx\""
        total_service_filter = local.requests
      }
    }

    dynamic "distribution_cut" {
      for_each = each.value.latency_threshold_ms > 0 ? [1] : []
      content {
        distribution_filter = local.latencies

        range {
          max = each.value.latency_threshold_ms
        }
      }
    }
  }
}

resource "google_monitoring_alert_policy" "burn_rate" {
  for_each              = local.burn_alerts
  project               = var.project
  display_name          = "${var.name} ${each.value.slo}: error budget burning ${each.value.window.factor}x over ${each.value.window.long_seconds / 3600}h"
  combiner              = "AND"
  severity              = each.value.window.severity == "page" ? "CRITICAL" : "WARNING"
  notification_channels = var.notification_channels
  user_labels           = merge(var.labels, { severity = each.value.window.severity, slo = each.key })

  conditions {
    display_name = "burn rate over ${each.value.window.long_seconds}s above ${each.value.window.factor}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${google_monitoring_slo.this[each.value.slo].id}\", \"${each.value.window.long_seconds}s\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.window.factor
      duration        = "0s"
    }
  }

  conditions {
    display_name = "burn rate over ${each.value.window.short_seconds}s above ${each.value.window.factor}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${google_monitoring_slo.this[each.value.slo].id}\", \"${each.value.window.short_seconds}s\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.window.factor
      duration        = "0s"
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The ${each.value.slo} objective of ${var.name} (${var.slos[each.value.slo].goal * 100}%) is spending its ${var.slo_window_days}-day error budget ${each.value.window.factor} times faster than it can last."
  }
}
