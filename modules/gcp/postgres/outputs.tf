output "connection_name" {
  description = "project:region:instance, for the Cloud SQL Auth Proxy."
  value       = google_sql_database_instance.this.connection_name
}

output "host" {
  description = "Private IP address of the instance."
  value       = google_sql_database_instance.this.private_ip_address
}

output "instance_name" {
  description = "Name of the instance."
  value       = google_sql_database_instance.this.name
}

output "port" {
  description = "Port the instance listens on."
  value       = 5432
}

output "secret_id" {
  description = "Id of the Secret Manager secret holding the connection details."
  value       = google_secret_manager_secret.connection.secret_id
}

output "username" {
  description = "The application's database user: its service account as an IAM database user."
  value       = google_sql_user.app.name
}

output "admin_secret_id" {
  description = "Id of the Secret Manager secret holding the admin user's username and password (the database-roles Job's)."
  value       = google_secret_manager_secret.admin.secret_id
}
