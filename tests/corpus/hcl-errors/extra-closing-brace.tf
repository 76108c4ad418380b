# expect: 5:1 unexpected '}'
locals {
  a = 1
}
}
