output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "connect_arn" {
  description = "The rds-db:connect resource of the application user: granting it lets a role sign in as that user with IAM authentication."
  value       = "arn:aws:rds-db:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:dbuser:${aws_db_instance.this.resource_id}/${var.application_user}"
}

output "host" {
  description = "Hostname of the DB instance."
  value       = aws_db_instance.this.address
}

output "master_user_secret_arn" {
  description = "The RDS-managed secret of the master user's password, for the platform team's own role only."
  value       = one(aws_db_instance.this.master_user_secret).secret_arn
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
