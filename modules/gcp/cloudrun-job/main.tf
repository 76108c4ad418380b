# A Cloud Run job for a cron or job component, and for cron components a Cloud Scheduler job
# that starts it on schedule with the service's own account.

resource "google_cloud_run_v2_job" "this" {
  name                = var.name
  project             = var.project
  location            = var.region
  labels              = var.labels
  deletion_protection = var.deletion_protection

  template {
    labels = var.labels

    template {
      service_account = var.service_account_email
      timeout         = "${var.timeout_seconds}s"
      max_retries     = var.max_retries

      dynamic "vpc_access" {
        for_each = var.network == null ? [] : [var.network]
        content {
          egress = "PRIVATE_RANGES_ONLY"

          network_interfaces {
            network    = vpc_access.value
            subnetwork = var.subnetwork
          }
        }
      }

      containers {
        image   = var.image
        command = var.command
        args    = var.args

        resources {
          limits = {
            cpu    = var.cpu
            memory = var.memory
          }
        }

        dynamic "env" {
          for_each = var.env
          content {
            name  = env.key
            value = env.value
          }
        }

        dynamic "env" {
          for_each = var.secret_env
          content {
            name = env.key

            value_source {
              secret_key_ref {
                secret  = env.value
                version = "latest"
              }
            }
          }
        }
      }
    }
  }
}

resource "google_cloud_run_v2_job_iam_member" "scheduler" {
  count    = var.schedule == null ? 0 : 1
  project  = var.project
  location = var.region
  name     = google_cloud_run_v2_job.this.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.service_account_email}"
}

resource "google_cloud_scheduler_job" "this" {
  count            = var.schedule == null ? 0 : 1
  name             = var.name
  project          = var.project
  region           = var.region
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = "320s"

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${var.project}/locations/${var.region}/jobs/${google_cloud_run_v2_job.this.name}:run"

    oauth_token {
      service_account_email = var.service_account_email
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.scheduler]
}
