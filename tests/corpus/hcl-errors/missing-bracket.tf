# expect: 4:3 expected ']'
locals {
  a = [1, 2
  b = 3
}
