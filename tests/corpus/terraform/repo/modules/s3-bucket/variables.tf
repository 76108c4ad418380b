variable "bucket" {
  description = "Globally unique bucket name."
  type        = string
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "lifecycle_rules" {
  description = "Expiry rules by prefix."
  type = list(object({
    id              = string
    prefix          = optional(string, "")
    expiration_days = optional(number)
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
