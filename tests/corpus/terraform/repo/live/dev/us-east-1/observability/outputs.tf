output "stack" {
  value = "${var.environment}-stack"
}
