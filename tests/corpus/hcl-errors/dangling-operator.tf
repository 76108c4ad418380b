# expect: 3:9 unexpected '+'
locals {
  a = 1 +
}
