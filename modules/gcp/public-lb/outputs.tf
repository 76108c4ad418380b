output "ip_address" {
  description = "The load balancer's address: each public host needs a DNS A record pointing at it before its certificate is issued."
  value       = google_compute_global_address.this.address
}

output "hosts" {
  description = "The public hosts the load balancer serves with managed certificates."
  value       = keys(var.routes)
}
