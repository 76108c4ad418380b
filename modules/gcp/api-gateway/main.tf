# One API Gateway per environment in front of the public Cloud Run services: one monitored
# entry point. The OpenAPI 2.0 document names each service's public path prefix and backend;
# the gateway calls the services as its own service account, their only public invoker.

resource "google_service_account" "gateway" {
  account_id   = var.service_account_id
  project      = var.project
  display_name = "API gateway ${var.name}"
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = toset(var.backend_services)
  project  = var.project
  location = var.region
  name     = each.value
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.gateway.email}"
}

resource "google_api_gateway_api" "this" {
  provider = google-beta
  project  = var.project
  api_id   = var.name
  labels   = var.labels
}

resource "google_api_gateway_api_config" "this" {
  provider             = google-beta
  project              = var.project
  api                  = google_api_gateway_api.this.api_id
  api_config_id_prefix = "${var.name}-"
  labels               = var.labels

  openapi_documents {
    document {
      path     = "openapi.yaml"
      contents = base64encode(var.openapi_document)
    }
  }

  gateway_config {
    backend_config {
      google_service_account = google_service_account.gateway.email
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "google_api_gateway_gateway" "this" {
  provider   = google-beta
  project    = var.project
  region     = var.region
  gateway_id = var.name
  api_config = google_api_gateway_api_config.this.id
  labels     = var.labels
}
