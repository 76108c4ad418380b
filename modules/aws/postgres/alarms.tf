# CloudWatch alarms on the instance, notifying alarm_actions (the owning team's SNS topic in
# this environment: infrac.yaml environments.<env>.alerts). Metrics and units:
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html

locals {
  # Memory (GiB) of the classes stdlib/clouds/aws.yaml maps sizes to. RDS for PostgreSQL's
  # default max_connections is LEAST(DBInstanceClassMemory/9531392, 5000)
  # (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections);
  # DBInstanceClassMemory is somewhat below the class's memory, so 70% of the formula's value
  # is about 80% of the real limit.
  instance_memory_gib = {
    "db.t4g.micro"    = 1
    "db.t4g.small"    = 2
    "db.t4g.medium"   = 4
    "db.m7g.large"    = 8
    "db.m7g.xlarge"   = 16
    "db.m7g.2xlarge"  = 32
    "db.m7g.4xlarge"  = 64
    "db.m7g.8xlarge"  = 128
    "db.m7g.12xlarge" = 192
    "db.m7g.16xlarge" = 256
  }
  max_connections = min(floor(lookup(local.instance_memory_gib, var.instance_class, 0) * 1073741824 / 9531392), 5000)

  instance_alarms = {
    cpu = {
      metric      = "CPUUtilization"
      statistic   = "Average"
      periods     = 3
      threshold   = 80
      comparison  = "GreaterThanThreshold"
      description = "CPU of ${var.name} above 80% for 15 minutes."
    }
    free-storage = {
      metric      = "FreeStorageSpace"
      statistic   = "Minimum"
      periods     = 1
      threshold   = var.allocated_storage * 1073741824 * 0.1
      comparison  = "LessThanThreshold"
      description = "Free storage of ${var.name} below 10% of its allocated size (autoscaling may be at its maximum)."
    }
    connections = {
      metric      = "DatabaseConnections"
      statistic   = "Maximum"
      periods     = 2
      threshold   = floor(local.max_connections * 0.7)
      comparison  = "GreaterThanThreshold"
      description = "Connections to ${var.name} above ${floor(local.max_connections * 0.7)}, about 80% of its max_connections."
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "instance" {
  for_each            = local.instance_alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/RDS"
  metric_name         = each.value.metric
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = each.key != "connections" || local.max_connections > 0
      error_message = "The connection alarm knows no memory size for instance class ${var.instance_class}: add it to instance_memory_gib in modules/aws/postgres/alarms.tf."
    }
  }
}

