# expect: 3:5 unexpected '1'
resource "a" "b" {
  x 1
}
