variable "alarm_actions" {
  description = "ARNs notified when an alarm of this module fires or recovers: the owning team's SNS topic (infrac.yaml environments.<env>.alerts). Empty: the alarms exist and notify no one."
  type        = list(string)
  default     = []
}

variable "allow_major_version_upgrade" {
  description = "Allow a change of major engine version (the spec's major_upgrade: true); RDS refuses one without it. Applied at once, with apply_immediately."
  type        = bool
  default     = false
}

variable "allocated_storage" {
  description = "Initial storage in GiB. Storage autoscaling may grow it to four times this size."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "application_user" {
  description = "The database user the application signs in as with IAM database authentication (created, granted rds_iam and made the database's owner by infrac's database-roles Job; see docs/security.md)."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.application_user)) && var.application_user != "app_admin"
    error_message = "application_user must start with a letter, hold only lowercase letters, digits and underscores, and not be the master user app_admin."
  }
}

variable "backup_retention_days" {
  description = "Days automated backups are kept. Production databases keep at least 7."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "backup_window" {
  description = "Daily UTC window of automated backups, hh24:mi-hh24:mi, at least 30 minutes, not overlapping maintenance_window (stdlib: module_settings)."
  type        = string
  default     = "01:00-02:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must look like \"01:00-02:00\"."
  }
}

variable "cluster_name" {
  description = "The EKS cluster whose pods use this database. Its VPC, subnets and cluster security group place and guard the instance."
  type        = string
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and hold only lowercase letters, digits and underscores."
  }
}

variable "deletion_protection" {
  description = "Refuse deletion and take a final snapshot when destroyed. True for production environments."
  type        = bool
  default     = true
}

variable "engine_version" {
  description = "PostgreSQL major version (for example \"16\"); RDS picks the current minor version."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must look like \"16\" or \"16.4\"."
  }
}

variable "instance_class" {
  description = "RDS instance class, from infrac's size table (for example db.t4g.small)."
  type        = string

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS class such as db.t4g.small."
  }
}

variable "log_exports" {
  description = "PostgreSQL logs exported to CloudWatch Logs: postgresql and upgrade."
  type        = list(string)
  default     = ["postgresql", "upgrade"]

  validation {
    condition     = alltrue([for l in var.log_exports : contains(["postgresql", "upgrade", "iam-db-auth-error"], l)])
    error_message = "log_exports may hold postgresql, upgrade and iam-db-auth-error."
  }
}

variable "log_retention_days" {
  description = "Days the exported logs are kept in CloudWatch Logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "maintenance_window" {
  description = "Weekly UTC window of minor upgrades and deferred modifications, ddd:hh24:mi-ddd:hh24:mi, at least 30 minutes (stdlib: module_settings)."
  type        = string
  default     = "sun:03:00-sun:04:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like \"sun:03:00-sun:04:00\"."
  }
}

variable "multi_az" {
  description = "Run a standby in a second availability zone (spec: ha: true)."
  type        = bool
  default     = false
}

variable "name" {
  description = "DB instance identifier, also used for the subnet group and security group."
  type        = string

  validation {
    condition     = length(var.name) <= 63 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "name must be at most 63 characters: lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "parameters" {
  description = "Parameters of the instance's parameter group, name -> value (stdlib: log_min_duration_statement, rds.force_ssl)."
  type        = map(string)
  default     = {}
}

variable "secret_name" {
  description = "Secrets Manager name under which the connection details (host, port, username, dbname, auth) are stored as JSON."
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

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}

variable "subnet_ids" {
  description = "Subnets of the PostgreSQL subnet group; null places it in the cluster's subnets."
  type        = list(string)
  default     = null
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect; null admits the cluster security group."
  type        = list(string)
  default     = null
}
