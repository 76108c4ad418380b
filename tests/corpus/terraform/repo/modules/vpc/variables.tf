variable "name" {
  type        = string
  description = "Name prefix for every resource."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "Lowercase letters, digits and dashes; at most 41 characters."
  }
}

variable "cidr_block" {
  type        = string
  description = "The VPC's IPv4 range."
  default     = "10.0.0.0/16"
}

variable "az_count" {
  type    = number
  default = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, less available)."
  type        = bool
  default     = false
}

variable "flow_logs_bucket_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
