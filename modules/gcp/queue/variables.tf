variable "ack_deadline_seconds" {
  description = "Seconds a consumer has to acknowledge a message before it is redelivered."
  type        = number
  default     = 60

  validation {
    condition     = var.ack_deadline_seconds >= 10 && var.ack_deadline_seconds <= 600
    error_message = "ack_deadline_seconds must be between 10 and 600."
  }
}

variable "labels" {
  description = "Labels added to the topics and subscriptions."
  type        = map(string)
  default     = {}
}

variable "max_delivery_attempts" {
  description = "Deliveries before a message moves to the dead-letter topic."
  type        = number
  default     = 5

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "message_retention_seconds" {
  description = "Seconds unacknowledged messages are kept."
  type        = number
  default     = 604800
}

variable "name" {
  description = "Name of the topic and its subscription; the dead-letter pair adds -dlq."
  type        = string
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channels of the owning team (infrac.yaml environments.<env>.alerts); empty: the alert policies notify no one."
  type        = list(string)
  default     = []
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "push_endpoint" {
  description = "HTTPS endpoint messages are pushed to (a Cloud Run service); null for a pull subscription."
  type        = string
  default     = null
}

variable "push_service_account_email" {
  description = "Service account whose OIDC token authenticates pushed messages."
  type        = string
  default     = null
}
