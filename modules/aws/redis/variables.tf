variable "alarm_actions" {
  description = "ARNs notified when an alarm of this module fires or recovers: the owning team's SNS topic (infrac.yaml environments.<env>.alerts). Empty: the alarms exist and notify no one."
  type        = list(string)
  default     = []
}

variable "cluster_name" {
  description = "The EKS cluster whose pods use this cache. Its VPC, subnets and cluster security group place and guard it."
  type        = string
}

variable "engine_version" {
  description = "Redis engine version offered by ElastiCache (for example \"7.1\")."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9x]+$", var.engine_version))
    error_message = "engine_version must look like \"7.1\" or \"6.x\"."
  }
}

variable "final_snapshot" {
  description = "Take a final snapshot (<name>-final) when the replication group is deleted. True in production."
  type        = bool
  default     = true
}

variable "high_availability" {
  description = "Run a replica in a second availability zone with automatic failover (spec: ha: true)."
  type        = bool
  default     = false
}

variable "maintenance_window" {
  description = "Weekly UTC window of minor upgrades and deferred modifications, ddd:hh24:mi-ddd:hh24:mi, at least 60 minutes, not overlapping snapshot_window (stdlib: module_settings)."
  type        = string
  default     = "sun:04:00-sun:05:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like \"sun:04:00-sun:05:00\"."
  }
}

variable "name" {
  description = "Replication group id, also used for the subnet group and security group."
  type        = string

  validation {
    condition     = length(var.name) <= 40 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "name must be at most 40 characters: lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "node_type" {
  description = "ElastiCache node type, from infrac's size table (for example cache.t4g.small)."
  type        = string

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.small."
  }
}

variable "secret_name" {
  description = "Secrets Manager name under which the connection details (host, port, auth_token) are stored as JSON."
  type        = string
}

variable "secret_recovery_window_days" {
  description = "Days a deleted connection secret can be restored: 0 (deleted at once) or 7 to 30. 30 in production."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "snapshot_retention_days" {
  description = "Days automatic snapshots are kept; 0 turns snapshots off."
  type        = number
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "snapshot_window" {
  description = "Daily UTC window of automatic snapshots, hh24:mi-hh24:mi, at least 60 minutes (stdlib: module_settings)."
  type        = string
  default     = "02:00-03:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_window))
    error_message = "snapshot_window must look like \"02:00-03:00\"."
  }
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}

variable "subnet_ids" {
  description = "Subnets of the Redis subnet group; null places it in the cluster's subnets."
  type        = list(string)
  default     = null
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect; null admits the cluster security group."
  type        = list(string)
  default     = null
}
