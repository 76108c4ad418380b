output "id" {
  value = aws_security_group.this.id
}
