# A Pub/Sub topic with one subscription (pull, or push to an HTTPS endpoint with an OIDC token)
# and a dead-letter topic for messages that keep failing.

data "google_project" "this" {
  project_id = var.project
}

locals {
  # Pub/Sub's service agent moves failed messages to the dead-letter topic.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "this" {
  name                       = var.name
  project                    = var.project
  labels                     = var.labels
  message_retention_duration = "${var.message_retention_seconds}s"
}

resource "google_pubsub_topic" "dead_letter" {
  name    = "${var.name}-dlq"
  project = var.project
  labels  = var.labels
}

resource "google_pubsub_subscription" "this" {
  name                       = var.name
  project                    = var.project
  topic                      = google_pubsub_topic.this.id
  labels                     = var.labels
  ack_deadline_seconds       = var.ack_deadline_seconds
  message_retention_duration = "${var.message_retention_seconds}s"

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dynamic "push_config" {
    for_each = var.push_endpoint == null ? [] : [var.push_endpoint]
    content {
      push_endpoint = push_config.value

      oidc_token {
        service_account_email = var.push_service_account_email
      }
    }
  }
}

resource "google_pubsub_subscription" "dead_letter" {
  name                       = "${var.name}-dlq"
  project                    = var.project
  topic                      = google_pubsub_topic.dead_letter.id
  labels                     = var.labels
  message_retention_duration = "1209600s"
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  project      = var.project
  subscription = google_pubsub_subscription.this.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
