output "name" {
  description = "Name of the service."
  value       = google_cloud_run_v2_service.this.name
}

output "revision" {
  description = "Revision created by this deploy."
  value       = var.revision
}

output "uri" {
  description = "HTTPS URL of the service."
  value       = google_cloud_run_v2_service.this.uri
}
