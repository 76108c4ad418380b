# A Cloud Run service for one http or worker component. Each deploy creates a revision named
# after its image and tagged, so it has its own URL before it gets traffic; traffic is split
# between that revision and the stable one as the spec says.

resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  project             = var.project
  location            = var.region
  ingress             = var.ingress
  labels              = var.labels
  deletion_protection = var.deletion_protection

  template {
    revision        = var.revision
    service_account = var.service_account_email
    labels          = var.labels
    timeout         = "${var.timeout_seconds}s"

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    dynamic "vpc_access" {
      for_each = var.network == null ? [] : [var.network]
      content {
        egress = var.vpc_egress

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

      ports {
        container_port = var.port
      }

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

      dynamic "startup_probe" {
        for_each = var.health_path == null ? [] : [var.health_path]
        content {
          http_get {
            path = startup_probe.value
          }
        }
      }

      dynamic "liveness_probe" {
        for_each = var.health_path == null ? [] : [var.health_path]
        content {
          http_get {
            path = liveness_probe.value
          }
        }
      }
    }
  }

  traffic {
    type     = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
    revision = var.revision
    percent  = var.traffic_percent
    tag      = var.revision_tag
  }

  dynamic "traffic" {
    for_each = var.stable_revision == null ? [] : [var.stable_revision]
    content {
      type     = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
      revision = traffic.value
      percent  = 100 - var.traffic_percent
      tag      = var.stable_revision_tag
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  count    = length(var.invoker_service_accounts)
  project  = var.project
  location = var.region
  name     = google_cloud_run_v2_service.this.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.invoker_service_accounts[count.index]}"
}
