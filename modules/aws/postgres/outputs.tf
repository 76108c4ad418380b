output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "host" {
  description = "Hostname of the DB instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port the DB instance listens on."
  value       = aws_db_instance.this.port
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the connection details."
  value       = aws_secretsmanager_secret.connection.arn
}

output "security_group_id" {
  description = "Security group guarding the instance; add rules to admit other sources."
  value       = aws_security_group.this.id
}
