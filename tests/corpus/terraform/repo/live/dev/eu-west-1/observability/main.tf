module "alarms" {
  source = "../../../../modules/cloudwatch-alarms"
  prefix = "dev-euwest1"
  alarms = [
    { name = "api-5xx", namespace = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", threshold = 50, runbook = "https://runbooks.acme.example/api-5xx" },
    { name = "db-cpu", namespace = "AWS/RDS", metric = "CPUUtilization", threshold = 80 },
    { name = "queue-age", namespace = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", threshold = 600, statistic = "Maximum" },
  ]
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/acme/dev/audit"
  retention_in_days = 30
  kms_key_id        = null
}
