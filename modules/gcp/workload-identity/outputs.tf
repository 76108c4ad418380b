output "email" {
  description = "Email of the service account."
  value       = google_service_account.this.email
}

output "name" {
  description = "Fully qualified name of the service account."
  value       = google_service_account.this.name
}
