# The environment's public entrance: a global external Application Load Balancer on the
# hosts of the public URLs, each with a Google-managed certificate, routing every host and
# path prefix through a serverless NEG to the environment's API gateway, which routes to the
# Cloud Run services. HTTP redirects to HTTPS. An optional Cloud Armor policy guards it.
# https://cloud.google.com/load-balancing/docs/https/setting-up-https-serverless

resource "google_compute_global_address" "this" {
  name    = var.name
  project = var.project
}

# API Gateway behind a serverless NEG is a google-beta resource argument.
resource "google_compute_region_network_endpoint_group" "gateway" {
  provider              = google-beta
  name                  = "${var.name}-gateway"
  project               = var.project
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  serverless_deployment {
    platform = "apigateway.googleapis.com"
    resource = var.gateway_id
  }
}

resource "google_compute_backend_service" "gateway" {
  name                  = "${var.name}-gateway"
  project               = var.project
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"
  security_policy       = var.security_policy

  backend {
    group = google_compute_region_network_endpoint_group.gateway.id
  }
}

# One certificate per public host: each is provisioned once its DNS name points at the
# address below (https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs).
resource "google_compute_managed_ssl_certificate" "host" {
  for_each = var.routes
  name     = "${var.name}-${substr(sha1(each.key), 0, 10)}"
  project  = var.project

  managed {
    domains = [each.key]
  }
}

# By host, then by path prefix: the routes infrac derived from the public URLs.
resource "google_compute_url_map" "https" {
  name            = var.name
  project         = var.project
  default_service = google_compute_backend_service.gateway.id

  dynamic "host_rule" {
    for_each = var.routes
    content {
      hosts        = [host_rule.key]
      path_matcher = "host-${substr(sha1(host_rule.key), 0, 10)}"
    }
  }

  dynamic "path_matcher" {
    for_each = var.routes
    content {
      name            = "host-${substr(sha1(path_matcher.key), 0, 10)}"
      default_service = google_compute_backend_service.gateway.id

      path_rule {
        paths   = distinct(flatten([for p in path_matcher.value : p == "/" ? ["/*"] : [p, "${p}/*"]]))
        service = google_compute_backend_service.gateway.id
      }
    }
  }
}

resource "google_compute_target_https_proxy" "this" {
  name             = var.name
  project          = var.project
  url_map          = google_compute_url_map.https.id
  ssl_certificates = [for c in google_compute_managed_ssl_certificate.host : c.id]
}

resource "google_compute_global_forwarding_rule" "https" {
  name                  = "${var.name}-https"
  project               = var.project
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_protocol           = "TCP"
  port_range            = "443"
  ip_address            = google_compute_global_address.this.id
  target                = google_compute_target_https_proxy.this.id
}

resource "google_compute_url_map" "redirect" {
  name    = "${var.name}-redirect"
  project = var.project

  default_url_redirect {
    https_redirect = true
    strip_query    = false
  }
}

resource "google_compute_target_http_proxy" "redirect" {
  name    = "${var.name}-redirect"
  project = var.project
  url_map = google_compute_url_map.redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "${var.name}-http"
  project               = var.project
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_protocol           = "TCP"
  port_range            = "80"
  ip_address            = google_compute_global_address.this.id
  target                = google_compute_target_http_proxy.redirect.id
}
