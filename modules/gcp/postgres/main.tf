# A Cloud SQL for PostgreSQL instance reachable only on a private IP of the cluster's VPC, with
# backups, TLS required, IAM database authentication for the application and its connection
# details (no password) in Secret Manager for the service's pods.

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

    # IAM database authentication: the application signs in as its own service account with an
    # OAuth 2.0 access token, no password
    # (https://cloud.google.com/sql/docs/postgres/iam-authentication#instance-config-iam-auth).
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
  }
}

resource "google_sql_database" "this" {
  name     = var.database_name
  project  = var.project
  instance = google_sql_database_instance.this.name
}

# The application's user: its service account as an IAM database user, named after the
# account's email without ".gserviceaccount.com"; it has no privileges until the database-roles
# Job grants them (https://cloud.google.com/sql/docs/postgres/iam-logins).
# ABANDON: once the roles Job has run the role holds grants and owns the service's tables, and
# PostgreSQL refuses to drop it; the role goes with the instance
# (https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_user#deletion_policy).
resource "google_sql_user" "app" {
  name            = trimsuffix(var.app_service_account_email, ".gserviceaccount.com")
  project         = var.project
  instance        = google_sql_database_instance.this.name
  type            = "CLOUD_IAM_SERVICE_ACCOUNT"
  deletion_policy = "ABANDON"
}

# The admin user the database-roles Job signs in as: a built-in user, which the Cloud SQL API
# makes a member of cloudsqlsuperuser (https://cloud.google.com/sql/docs/postgres/users). Its
# password is in this module's state and in a secret only the platform's reader may read.
resource "random_password" "admin" {
  length  = 32
  special = false
}

resource "google_sql_user" "admin" {
  name     = "app_admin"
  project  = var.project
  instance = google_sql_database_instance.this.name
  password = random_password.admin.result
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
    username = google_sql_user.app.name
    database = google_sql_database.this.name
    dbname   = google_sql_database.this.name
    auth     = "iam"
  })
}

resource "google_secret_manager_secret" "admin" {
  secret_id = "${var.secret_id}-admin"
  project   = var.project
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "admin" {
  secret = google_secret_manager_secret.admin.id
  secret_data = jsonencode({
    username = google_sql_user.admin.name
    password = random_password.admin.result
  })
}

# The platform's reader (infrac-system) reads the admin's secret and the connection details,
# nothing else of the service's.
resource "google_secret_manager_secret_iam_member" "admin_reader" {
  for_each  = toset(var.admin_secret_reader == null ? [] : ["admin", "connection"])
  project   = var.project
  secret_id = each.key == "admin" ? google_secret_manager_secret.admin.secret_id : google_secret_manager_secret.connection.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${var.admin_secret_reader}"
}
