# A message in the dead-letter queue failed max_receive_count times: someone must look.
# SQS sends its metrics to CloudWatch every minute; an empty queue may send none, which
# counts as not breaching (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${aws_sqs_queue.dead_letter.name}-not-empty"
  alarm_description   = "Messages in the dead-letter queue of ${var.name}: they failed ${var.max_receive_count} deliveries."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
