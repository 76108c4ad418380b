output "dead_letter_topic_id" {
  description = "Id of the dead-letter topic."
  value       = google_pubsub_topic.dead_letter.id
}

output "subscription_id" {
  description = "Id (projects/P/subscriptions/NAME) of the subscription."
  value       = google_pubsub_subscription.this.id
}

output "subscription_name" {
  description = "Name of the subscription."
  value       = google_pubsub_subscription.this.name
}

output "topic_id" {
  description = "Id (projects/P/topics/NAME) of the topic."
  value       = google_pubsub_topic.this.id
}

output "topic_name" {
  description = "Name of the topic."
  value       = google_pubsub_topic.this.name
}
