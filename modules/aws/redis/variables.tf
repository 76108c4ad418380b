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

variable "high_availability" {
  description = "Run a replica in a second availability zone with automatic failover (spec: ha: true)."
  type        = bool
  default     = false
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

variable "snapshot_retention_days" {
  description = "Days automatic snapshots are kept; 0 turns snapshots off."
  type        = number
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
