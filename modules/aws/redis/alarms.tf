# CloudWatch alarms on every node of the replication group (cluster mode disabled names its
# members <group>-001, <group>-002, ...), notifying alarm_actions. Metrics:
# https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html
# EngineCPUUtilization is the Redis thread's CPU, the one that saturates first.

locals {
  members = [for i in range(var.high_availability ? 2 : 1) : format("%s-%03d", var.name, i + 1)]
}

resource "aws_cloudwatch_metric_alarm" "engine_cpu" {
  count               = length(local.members)
  alarm_name          = "${local.members[count.index]}-engine-cpu"
  alarm_description   = "Redis engine CPU of ${local.members[count.index]} above 80% for 15 minutes."
  namespace           = "AWS/ElastiCache"
  metric_name         = "EngineCPUUtilization"
  dimensions          = { CacheClusterId = local.members[count.index] }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
  depends_on          = [aws_elasticache_replication_group.this]
}

resource "aws_cloudwatch_metric_alarm" "memory" {
  count               = length(local.members)
  alarm_name          = "${local.members[count.index]}-memory"
  alarm_description   = "Memory of ${local.members[count.index]} above 80% of maxmemory: evictions follow."
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  dimensions          = { CacheClusterId = local.members[count.index] }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
  depends_on          = [aws_elasticache_replication_group.this]
}
