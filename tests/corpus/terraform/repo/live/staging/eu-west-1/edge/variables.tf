variable "environment" {
  type    = string
  default = "staging"
}

variable "tags" {
  type = map(string)
  default = {
    owner = "platform"
    stack = "edge"
  }
}
