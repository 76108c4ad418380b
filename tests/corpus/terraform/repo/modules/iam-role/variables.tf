variable "name" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "oidc_issuer_url" {
  type = string
}

variable "service_accounts" {
  description = "namespace:name pairs allowed to assume the role."
  type        = list(string)
}

variable "inline_policies" {
  type    = map(string)
  default = {}
}

variable "managed_policy_arns" {
  type    = list(string)
  default = []
}

variable "create_boundary" {
  type    = bool
  default = false
}

variable "boundary_actions" {
  type    = list(string)
  default = ["s3:GetObject", "sqs:SendMessage"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
