variable "gateway_id" {
  description = "The environment's API gateway (its gateway id), the backend behind the serverless NEG."
  type        = string
}

variable "name" {
  description = "Name of the address, URL map and proxies; other resources add a suffix."
  type        = string

  validation {
    condition     = length(var.name) <= 40 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "name must be at most 40 characters: lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "project" {
  description = "Project of the load balancer."
  type        = string
}

variable "region" {
  description = "Region of the API gateway (and so of its serverless NEG)."
  type        = string
}

variable "routes" {
  description = "Public host -> its path prefixes (\"/store\", or \"/\" for the whole host), from the services' public URLs."
  type        = map(list(string))
}

variable "security_policy" {
  description = "Cloud Armor security policy (name or self link) attached to the backend; null for none."
  type        = string
  default     = null
}
