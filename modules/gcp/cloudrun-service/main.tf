# A Cloud Run service for one http or worker component. Its revision is named after a hash of
# its whole template (infrac computes it), so every template change makes a new revision and
# an unchanged template keeps its name; it is tagged, so it has its own URL before it gets
# traffic. During a rollout (traffic_percent < 100) the rest stays on the revision that serves
# the most traffic now, read from the live service when it exists: a service that does not
# exist yet (a first deploy, an empty project) takes all the traffic, and the plan never reads
# an object that is absent.

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
    percent  = local.stable_revision == null ? 100 : var.traffic_percent
    tag      = var.revision_tag
  }

  dynamic "traffic" {
    for_each = local.stable_revision == null ? [] : [local.stable_revision]
    content {
      type     = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
      revision = traffic.value
      percent  = 100 - var.traffic_percent
    }
  }
}

# Only during a rollout: does the service exist? google_cloud_run_v2_service as a data source
# fails with "not found" when it does not (a first deploy, an empty project), so existence is
# asked of Cloud Asset Inventory's resource search first, which lists what there is and returns
# nothing for a service not created yet
# (https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/cloud_asset_search_all_resources,
# https://cloud.google.com/asset-inventory/docs/reference/rest/v1/TopLevel/searchAllResources).
# It needs cloudasset.googleapis.com enabled and cloudasset.assets.searchAllResources for the
# deployer. Asset names are //run.googleapis.com/projects/<project>/locations/<region>/services/<name>
# (https://cloud.google.com/asset-inventory/docs/asset-names); the project part is matched loosely.
data "google_cloud_asset_search_all_resources" "service" {
  count       = var.traffic_percent < 100 ? 1 : 0
  scope       = "projects/${var.project}"
  asset_types = ["run.googleapis.com/Service"]
}

locals {
  exists = length([
    for r in flatten(data.google_cloud_asset_search_all_resources.service[*].results) : r
    if endswith(r.name, "/locations/${var.region}/services/${var.name}")
  ]) > 0
}

# Only during a rollout of a service that exists: the service as it serves now.
data "google_cloud_run_v2_service" "serving" {
  count    = local.exists ? 1 : 0
  name     = var.name
  project  = var.project
  location = var.region
}

locals {
  # Revisions serving now other than this template's own; the one with the most traffic keeps
  # the rest (on a second apply of the same rollout that is still the old stable revision).
  serving = [
    for t in flatten(data.google_cloud_run_v2_service.serving[*].traffic_statuses) : t
    if t.revision != var.revision && t.percent > 0
  ]
  stable_revision = length(local.serving) == 0 ? null : [
    for t in local.serving : t.revision if t.percent == max(local.serving[*].percent...)
  ][0]
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  count    = length(var.invoker_service_accounts)
  project  = var.project
  location = var.region
  name     = google_cloud_run_v2_service.this.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.invoker_service_accounts[count.index]}"
}
