# expect: 4:3 unexpected '@b'
locals {
  a = 1
  @b = 2
}
