locals {
  alarms = {
    for a in var.alarms : a.name => a
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.prefix}-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.prefix}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = lookup(each.value, "statistic", "Average")
  comparison_operator = each.value.threshold >= 0 ? "GreaterThanThreshold" : "LessThanThreshold"
  threshold           = abs(each.value.threshold)
  evaluation_periods  = 3
  period              = 60
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions          = each.value.dimensions

  alarm_description = <<EOF
${each.key}: ${each.value.metric} crossed ${each.value.threshold}.
%{ if each.value.runbook != "" ~}
Runbook: ${each.value.runbook}
%{ else ~}
No runbook yet — écrivez-en un.
%{ endif ~}
EOF
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.prefix
  dashboard_body = jsonencode({
    widgets = [for i, a in var.alarms : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        metrics = [[a.namespace, a.metric]]
        title   = "${a.name} ✓"
      }
    }]
  })
}
