# expect: 6:1 unexpected end of file
locals {
  a = <<EOT
hello
}
