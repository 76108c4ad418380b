variable "admin_secret_reader" {
  description = "Email of the platform's service account that may read the admin secret and the connection secret (the database-roles Job's reader); null: no one."
  type        = string
  default     = null
}

variable "app_service_account_email" {
  description = "Email of the service's own Google service account: it becomes the application's IAM database user."
  type        = string
}

variable "backup_retention_days" {
  description = "Automated backups kept. Production databases keep at least 7."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 365
    error_message = "backup_retention_days must be between 1 and 365."
  }
}

variable "backup_start_time" {
  description = "UTC start (HH:MM) of the 4-hour window in which the daily backup starts; it must end before the maintenance window's hour (stdlib: module_settings)."
  type        = string
  default     = "01:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):00$", var.backup_start_time))
    error_message = "backup_start_time must be a whole hour such as \"01:00\"."
  }
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "app"
}

variable "database_version" {
  description = "Cloud SQL engine version, such as POSTGRES_16."
  type        = string

  validation {
    condition     = startswith(var.database_version, "POSTGRES_")
    error_message = "database_version must be a POSTGRES_ version."
  }
}

variable "deletion_protection" {
  description = "Refuse deletion (in Terraform and in the API) and keep point-in-time recovery. True for production environments."
  type        = bool
  default     = true
}

variable "disk_size_gb" {
  description = "Initial disk size in GiB; the disk grows automatically."
  type        = number
  default     = 20

  validation {
    condition     = var.disk_size_gb >= 10
    error_message = "disk_size_gb must be at least 10."
  }
}

variable "edition" {
  description = "Cloud SQL edition: ENTERPRISE (shared-core and custom tiers) or ENTERPRISE_PLUS (db-perf-optimized-N-* tiers)."
  type        = string
  default     = "ENTERPRISE"

  validation {
    condition     = contains(["ENTERPRISE", "ENTERPRISE_PLUS"], var.edition)
    error_message = "edition must be ENTERPRISE or ENTERPRISE_PLUS."
  }
}

variable "high_availability" {
  description = "A regional instance with a standby in another zone."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels added to the instance and its secret."
  type        = map(string)
  default     = {}
}

variable "maintenance_window" {
  description = "Weekly maintenance: day (1 = Monday to 7 = Sunday), hour (0-23 UTC) and update_track (canary: 7-14 days after the notice, stable: 15-21, week5: 35-42) (stdlib: module_settings)."
  type = object({
    day          = number
    hour         = number
    update_track = string
  })
  default = { day = 7, hour = 6, update_track = "stable" }

  validation {
    condition     = var.maintenance_window.day >= 1 && var.maintenance_window.day <= 7 && var.maintenance_window.hour >= 0 && var.maintenance_window.hour <= 23 && contains(["canary", "stable", "week5"], var.maintenance_window.update_track)
    error_message = "maintenance_window needs day 1-7, hour 0-23 and update_track canary, stable or week5."
  }
}

variable "name" {
  description = "Instance name, unique in the project."
  type        = string
}

variable "network" {
  description = "Self link of the VPC network the instance gets its private IP in (the GKE cluster's network, with private services access configured)."
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

variable "region" {
  description = "Region of the instance."
  type        = string
}

variable "secret_id" {
  description = "Secret Manager secret id that receives the connection details as JSON."
  type        = string
}

variable "tier" {
  description = "Machine tier, such as db-g1-small or db-custom-2-7680."
  type        = string

  validation {
    condition     = startswith(var.tier, "db-")
    error_message = "tier must be a Cloud SQL tier (db-...)."
  }
}
