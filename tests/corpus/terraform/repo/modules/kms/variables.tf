variable "alias" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform" # the console shows this
}

variable "user_arns" {
  type    = list(string)
  default = []
}
