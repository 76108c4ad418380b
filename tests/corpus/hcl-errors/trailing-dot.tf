# expect: 6:10 unexpected '.'
resource "a" "b" {
  x = 1
}
resource "b" "c" {
  y = var.
}
