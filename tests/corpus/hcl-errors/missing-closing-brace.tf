# expect: 4:1 expected '}'
resource "aws_s3_bucket" "b" {
  bucket = "x"
