# A message on the dead-letter subscription failed max_delivery_attempts deliveries: someone
# must look. Metric: pubsub.googleapis.com/subscription/num_undelivered_messages
# (https://cloud.google.com/monitoring/api/metrics_gcp#gcp-pubsub).

resource "google_monitoring_alert_policy" "dead_letters" {
  project               = var.project
  display_name          = "${var.name}-dlq: dead letters waiting"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = var.notification_channels
  user_labels           = var.labels

  conditions {
    display_name = "undelivered messages on ${var.name}-dlq"
    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type=\"pubsub_subscription\" AND resource.label.\"subscription_id\"=\"${google_pubsub_subscription.dead_letter.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }
}
