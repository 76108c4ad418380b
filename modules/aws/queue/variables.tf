variable "alarm_actions" {
  description = "ARNs notified when an alarm of this module fires or recovers: the owning team's SNS topic (infrac.yaml environments.<env>.alerts). Empty: the alarms exist and notify no one."
  type        = list(string)
  default     = []
}

variable "fifo" {
  description = "Create FIFO queues (exactly-once, ordered). The names get the .fifo suffix."
  type        = bool
  default     = false
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "message_retention_seconds" {
  description = "How long the main queue keeps a message (the dead-letter queue keeps 14 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600."
  }
}

variable "name" {
  description = "Queue name without the .fifo suffix; the dead-letter queue is named <name>-dlq."
  type        = string

  validation {
    condition     = length(var.name) <= 71 && can(regex("^[A-Za-z0-9_-]+$", var.name))
    error_message = "name must be at most 71 characters (80 with -dlq.fifo) of letters, digits, hyphens and underscores."
  }
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible to other consumers."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200."
  }
}
