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
