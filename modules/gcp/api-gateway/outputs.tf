output "default_hostname" {
  description = "Hostname the gateway serves on; point the public domain's load balancer or DNS at it."
  value       = google_api_gateway_gateway.this.default_hostname
}

output "service_account_email" {
  description = "Account the gateway calls the services as."
  value       = google_service_account.gateway.email
}

output "gateway_id" {
  description = "The gateway's id, for a load balancer's serverless NEG."
  value       = google_api_gateway_gateway.this.gateway_id
}
