variable "name" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
}

variable "vpc_id" {
  type = string
}

variable "ingress" {
  type = list(object({
    from_port                = number
    to_port                  = number
    cidr                     = optional(string)
    source_security_group_id = optional(string)
    description              = optional(string, "")
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
