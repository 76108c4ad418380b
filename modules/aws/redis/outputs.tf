output "arn" {
  description = "ARN of the replication group."
  value       = aws_elasticache_replication_group.this.arn
}

output "host" {
  description = "Primary endpoint of the replication group."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Port the cache listens on."
  value       = local.port
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the connection details."
  value       = aws_secretsmanager_secret.connection.arn
}
