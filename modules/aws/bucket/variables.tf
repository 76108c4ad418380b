variable "abort_incomplete_upload_days" {
  description = "Days after which a multipart upload that was never completed is aborted and its parts deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_upload_days >= 1
    error_message = "abort_incomplete_upload_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow destroying the bucket while it still holds objects. Never true in production."
  type        = bool
  default     = false
}

variable "name" {
  description = "Bucket name. S3 names are global, so infrac prefixes the project and environment."
  type        = string

  validation {
    condition     = length(var.name) >= 3 && length(var.name) <= 63 && can(regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", var.name))
    error_message = "name must be 3 to 63 characters of lowercase letters, digits, dots and hyphens."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which an object version that is no longer current is deleted (versioned buckets)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}

variable "versioning" {
  description = "Keep every version of every object (spec: versioning: true)."
  type        = bool
  default     = false
}
