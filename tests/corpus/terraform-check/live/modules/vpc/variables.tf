variable "cidr_block" {
  type        = string
  description = "The VPC range."
}
variable "azs" {
  type    = list(string)
  default = []
}
