output "email" {
  description = "Email of the service account."
  value       = google_service_account.this.email
}

output "name" {
  description = "Fully qualified name of the service account."
  value       = google_service_account.this.name
}

output "member" {
  description = "The account as an IAM member (serviceAccount:EMAIL), for grants made outside this module."
  value       = local.member
}
