# expect: 3:29 expected ':'
variable "x" {
  default = [for s in var.l s]
}
