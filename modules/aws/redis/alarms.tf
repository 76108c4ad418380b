# CloudWatch alarms on every node of the replication group (cluster mode disabled names its
# members <group>-001, <group>-002, ...), notifying alarm_actions. Metrics:
# https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html
# EngineCPUUtilization is the Redis thread's CPU, the one that saturates first.

locals {
  members = [for i in range(var.high_availability ? 2 : 1) : format("%s-%03d", var.name, i + 1)]
  node_alarms = {
    engine-cpu = {
      metric      = "EngineCPUUtilization"
      statistic   = "Average"
      periods     = 3
      description = "Redis engine CPU above 80% for 15 minutes"
    }
    memory = {
      metric      = "DatabaseMemoryUsagePercentage"
      statistic   = "Maximum"
      periods     = 2
      description = "memory above 80% of maxmemory: evictions follow"
    }
  }
  member_alarms = {
    for pair in setproduct(local.members, keys(local.node_alarms)) :
    "${pair[0]}-${pair[1]}" => merge(local.node_alarms[pair[1]], { member = pair[0] })
  }
}

resource "aws_cloudwatch_metric_alarm" "node" {
  for_each            = local.member_alarms
  alarm_name          = each.key
  alarm_description   = "${each.value.member}: ${each.value.description}."
  namespace           = "AWS/ElastiCache"
  metric_name         = each.value.metric
  dimensions          = { CacheClusterId = each.value.member }
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
  depends_on          = [aws_elasticache_replication_group.this]
}
