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

variable "secret_name" {
  description = "Secrets Manager name under which the connection details (host, port, username, password, dbname) are stored as JSON."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}
