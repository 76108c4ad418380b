# A Memorystore for Redis instance on the cluster's VPC through private services access, with
# AUTH and in-transit encryption; its connection details go to Secret Manager.

resource "google_redis_instance" "this" {
  name                    = var.name
  project                 = var.project
  region                  = var.region
  tier                    = var.high_availability ? "STANDARD_HA" : "BASIC"
  memory_size_gb          = var.memory_size_gb
  redis_version           = var.redis_version
  authorized_network      = var.network
  connect_mode            = "PRIVATE_SERVICE_ACCESS"
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
  labels                  = var.labels

  # Memorystore applies updates within this weekly hour (UTC)
  # (https://cloud.google.com/memorystore/docs/redis/about-maintenance).
  maintenance_policy {
    weekly_maintenance_window {
      day = var.maintenance_window.day
      start_time {
        hours   = var.maintenance_window.hour
        minutes = 0
      }
    }
  }
}

resource "google_secret_manager_secret" "connection" {
  secret_id = var.secret_id
  project   = var.project
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "connection" {
  secret = google_secret_manager_secret.connection.id
  secret_data = jsonencode({
    host       = google_redis_instance.this.host
    port       = google_redis_instance.this.port
    auth_token = google_redis_instance.this.auth_string
    # With SERVER_AUTHENTICATION the instance presents a certificate of its own CA, which
    # clients need to verify it (https://cloud.google.com/memorystore/docs/redis/about-in-transit-encryption).
    ca_cert = google_redis_instance.this.server_ca_certs[0].cert
  })
}

# The AUTH string alone, for runtimes that read a whole secret into one variable (Cloud Run).
resource "google_secret_manager_secret" "auth" {
  secret_id = "${var.secret_id}-auth"
  project   = var.project
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "auth" {
  secret      = google_secret_manager_secret.auth.id
  secret_data = google_redis_instance.this.auth_string
}

# The server CA alone, for runtimes that read a whole secret into one variable (Cloud Run).
resource "google_secret_manager_secret" "ca" {
  secret_id = "${var.secret_id}-ca"
  project   = var.project
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "ca" {
  secret      = google_secret_manager_secret.ca.id
  secret_data = google_redis_instance.this.server_ca_certs[0].cert
}
