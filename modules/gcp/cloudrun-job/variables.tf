variable "args" {
  description = "Container arguments."
  type        = list(string)
  default     = null
}

variable "command" {
  description = "Container command (entrypoint)."
  type        = list(string)
  default     = null
}

variable "cpu" {
  description = "CPU limit: 1, 2, 4 or 8."
  type        = string
  default     = "1"

  validation {
    condition     = contains(["1", "2", "4", "8"], var.cpu)
    error_message = "cpu must be 1, 2, 4 or 8."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the job. True for production environments."
  type        = bool
  default     = true
}

variable "env" {
  description = "Plain environment values."
  type        = map(string)
  default     = {}
}

variable "image" {
  description = "Container image, pinned by tag or digest."
  type        = string
}

variable "labels" {
  description = "Labels added to the job and its executions."
  type        = map(string)
  default     = {}
}

variable "max_retries" {
  description = "Retries of a failed task."
  type        = number
  default     = 1
}

variable "memory" {
  description = "Memory limit, such as 512Mi or 2Gi."
  type        = string
  default     = "512Mi"
}

variable "name" {
  description = "Job name (also the scheduler job's)."
  type        = string
}

variable "network" {
  description = "VPC network for Direct VPC egress to private datastores; null for none."
  type        = string
  default     = null
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of the job."
  type        = string
}

variable "schedule" {
  description = "Cron schedule that starts the job; null for a job started by hand or by a pipeline."
  type        = string
  default     = null
}

variable "secret_env" {
  description = "Environment variables filled from Secret Manager: name -> secret id."
  type        = map(string)
  default     = {}
}

variable "service_account_email" {
  description = "Service account the job runs as, and the scheduler starts it with."
  type        = string
}

variable "subnetwork" {
  description = "Subnetwork for Direct VPC egress."
  type        = string
  default     = null
}

variable "time_zone" {
  description = "Time zone of the schedule."
  type        = string
  default     = "Etc/UTC"
}

variable "timeout_seconds" {
  description = "Deadline of one run."
  type        = number
  default     = 600
}
