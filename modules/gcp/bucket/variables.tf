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
  description = "Delete the objects with the bucket on destroy. False in production."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels added to the bucket."
  type        = map(string)
  default     = {}
}

variable "location" {
  description = "Region or multi-region of the bucket."
  type        = string
}

variable "name" {
  description = "Globally unique bucket name."
  type        = string
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

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "versioning" {
  description = "Keep noncurrent object versions."
  type        = bool
  default     = false
}
