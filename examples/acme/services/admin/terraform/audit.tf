# Where the console writes its audit trail, kept for a year (escape.terraform-files reports
# this file; it is copied into every root module of admin).
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/acme/admin/audit"
  retention_in_days = 365
}
