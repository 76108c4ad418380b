output "repository_urls" {
  value = { for name, r in aws_ecr_repository.this : name => r.repository_url }
}

output "arns" {
  value = values(aws_ecr_repository.this)[*].arn
}
