# expect: 3:7 unexpected '"'
locals {
  a = "abc
  b = 2
}
