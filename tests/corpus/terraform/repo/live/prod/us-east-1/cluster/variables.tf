variable "environment" {
  type    = string
  default = "prod"
}

variable "tags" {
  type = map(string)
  default = {
    owner = "platform"
    stack = "cluster"
  }
}
