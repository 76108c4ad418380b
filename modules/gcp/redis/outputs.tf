output "host" {
  description = "IP address of the instance."
  value       = google_redis_instance.this.host
}

output "port" {
  description = "Port the instance listens on."
  value       = google_redis_instance.this.port
}

output "secret_id" {
  description = "Id of the Secret Manager secret holding the connection details."
  value       = google_secret_manager_secret.connection.secret_id
}

output "auth_secret_id" {
  description = "Id of the Secret Manager secret holding only the AUTH string."
  value       = google_secret_manager_secret.auth.secret_id
}

output "ca_secret_id" {
  description = "Secret Manager secret holding only the server CA certificate (PEM), for Cloud Run secret environment variables."
  value       = google_secret_manager_secret.ca.secret_id
}
