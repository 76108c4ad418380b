# Cloud Monitoring alert policies on the instance, notifying the owning team's channels
# (infrac.yaml environments.<env>.alerts). Metrics:
# https://cloud.google.com/monitoring/api/metrics_gcp#gcp-cloudsql

locals {
  database = "resource.type=\"cloudsql_database\" AND resource.label.\"database_id\"=\"${var.project}:${var.name}\""
  database_alerts = {
    cpu = {
      metric    = "cloudsql.googleapis.com/database/cpu/utilization"
      threshold = 0.8
      duration  = "900s"
      what      = "CPU above 80% for 15 minutes"
    }
    disk = {
      metric    = "cloudsql.googleapis.com/database/disk/utilization"
      threshold = 0.9
      duration  = "300s"
      what      = "disk above 90% (automatic growth may be lagging or at its limit)"
    }
    memory = {
      metric    = "cloudsql.googleapis.com/database/memory/utilization"
      threshold = 0.9
      duration  = "900s"
      what      = "memory above 90% for 15 minutes"
    }
  }
}

resource "google_monitoring_alert_policy" "database" {
  for_each              = local.database_alerts
  project               = var.project
  display_name          = "${var.name}: ${each.value.what}"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = var.notification_channels
  user_labels           = var.labels

  conditions {
    display_name = each.value.what
    condition_threshold {
      filter          = "metric.type=\"${each.value.metric}\" AND ${local.database}"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.threshold
      duration        = each.value.duration

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MEAN"
      }
    }
  }

  depends_on = [google_sql_database_instance.this]
}
