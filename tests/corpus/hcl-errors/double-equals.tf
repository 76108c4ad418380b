# expect: 3:7 unexpected '='
locals {
  a = = 1
}
