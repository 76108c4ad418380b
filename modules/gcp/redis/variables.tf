variable "high_availability" {
  description = "A standard-tier instance with a replica in another zone and automatic failover."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels added to the instance and its secret."
  type        = map(string)
  default     = {}
}

variable "maintenance_window" {
  description = "Weekly one-hour maintenance window: day (MONDAY to SUNDAY) and start hour (0-23 UTC) (stdlib: module_settings)."
  type = object({
    day  = string
    hour = number
  })
  default = { day = "SUNDAY", hour = 7 }

  validation {
    condition     = contains(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"], var.maintenance_window.day) && var.maintenance_window.hour >= 0 && var.maintenance_window.hour <= 23
    error_message = "maintenance_window needs a day MONDAY to SUNDAY and an hour 0-23."
  }
}

variable "memory_size_gb" {
  description = "Capacity in GiB."
  type        = number

  validation {
    condition     = var.memory_size_gb >= 1 && var.memory_size_gb <= 300
    error_message = "memory_size_gb must be between 1 and 300."
  }
}

variable "name" {
  description = "Instance id, unique in the region."
  type        = string
}

variable "network" {
  description = "Self link of the VPC network the instance is reachable from (the GKE cluster's network)."
  type        = string
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "redis_version" {
  description = "Memorystore version, such as REDIS_7_2."
  type        = string

  validation {
    condition     = startswith(var.redis_version, "REDIS_")
    error_message = "redis_version must be a REDIS_ version."
  }
}

variable "region" {
  description = "Region of the instance."
  type        = string
}

variable "secret_id" {
  description = "Secret Manager secret id that receives the connection details as JSON."
  type        = string
}
