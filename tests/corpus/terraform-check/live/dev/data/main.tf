provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = { team = "platform" }
  }
}

// Not production: deletion protection is not required here.
resource "aws_db_instance" "scratch" {
  identifier        = "scratch"
  storage_encrypted = true
}

# infrac:waive terraform.database-private owner=data reason="expired on purpose" expires=2026-01-31
resource "aws_db_instance" "old" {
  identifier          = "old"
  storage_encrypted   = true
  publicly_accessible = true
}

/* infrac:waive terraform.bucket-public-acl owner=web reason="far future" expires=2030-01-01 */
resource "aws_s3_bucket_acl" "far" {
  acl = "public-read"
}

# infrac:waive terraform.no-such-rule owner=web reason="typo" expires=2027-01-01
resource "aws_s3_bucket" "typo" {
  bucket = "acme-dev-typo"
}
