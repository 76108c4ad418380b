# A Cloud SQL for PostgreSQL instance reachable only on a private IP of the cluster's VPC, with
# backups, TLS required and its connection details in Secret Manager for the service's pods.

resource "google_sql_database_instance" "this" {
  name                = var.name
  project             = var.project
  region              = var.region
  database_version    = var.database_version
  deletion_protection = var.deletion_protection

  settings {
    # Explicit: left out, the API picks the edition, and for POSTGRES_16 and later it picks
    # ENTERPRISE_PLUS, which rejects every shared-core and custom tier.
    edition                     = var.edition
    tier                        = var.tier
    availability_type           = var.high_availability ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = var.disk_size_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection
    user_labels                 = var.labels

    ip_configuration {
      ipv4_enabled    = false
      private_network = var.network
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    # Backups start within four hours of start_time (UTC); the maintenance window lies outside
    # that span (https://cloud.google.com/sql/docs/postgres/backup-recovery/backups).
    backup_configuration {
      enabled                        = true
      start_time                     = var.backup_start_time
      point_in_time_recovery_enabled = var.deletion_protection

      backup_retention_settings {
        retained_backups = var.backup_retention_days
        retention_unit   = "COUNT"
      }
    }

    # Cloud SQL restarts the instance for maintenance within this weekly hour; update_track
    # canary gets an update 7-14 days after the notice, stable 15-21 days
    # (https://cloud.google.com/sql/docs/postgres/maintenance).
    maintenance_window {
      day          = var.maintenance_window.day
      hour         = var.maintenance_window.hour
      update_track = var.maintenance_window.update_track
    }

    insights_config {
      query_insights_enabled = true
    }
  }
}

resource "google_sql_database" "this" {
  name     = var.database_name
  project  = var.project
  instance = google_sql_database_instance.this.name
}

resource "random_password" "this" {
  length  = 32
  special = false
}

resource "google_sql_user" "this" {
  name     = "app"
  project  = var.project
  instance = google_sql_database_instance.this.name
  password = random_password.this.result
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
    host     = google_sql_database_instance.this.private_ip_address
    port     = 5432
    username = google_sql_user.this.name
    password = random_password.this.result
    database = google_sql_database.this.name
    dbname   = google_sql_database.this.name
  })
}

# The password alone, for runtimes that read a whole secret into one variable (Cloud Run).
resource "google_secret_manager_secret" "password" {
  secret_id = "${var.secret_id}-password"
  project   = var.project
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "password" {
  secret      = google_secret_manager_secret.password.id
  secret_data = random_password.this.result
}
