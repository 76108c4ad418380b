# expect: 3:15 unexpected '"'
locals {
  a = "${var.x"
}
