variable "name" {
  type = string
}

variable "internal" {
  type    = bool
  default = false
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

variable "access_logs_bucket" {
  type    = string
  default = ""
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "target_groups" {
  type = map(object({
    port        = number
    health_path = optional(string, "/healthz")
  }))
  default = {}
}
