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

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "versioning" {
  description = "Keep noncurrent object versions."
  type        = bool
  default     = false
}
