provider "aws" {
  region = "eu-west-1"
}

module "vpc" {
  source    = "../../modules/vpc"
  cidr      = "10.0.0.0/16"
  azs       = "eu-west-1a"
}

module "lb" {
  source  = "terraform-aws-modules/alb/aws"
  version = "~> 9.0"
}

# infrac:waive terraform.bucket-public-acl owner=web reason="public assets behind CloudFront" expires=2027-01-31
resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "public-read"
}

resource "aws_s3_bucket_acl" "other" {
  bucket = aws_s3_bucket.other.id
  acl    = "public-read" # infrac:waive terraform.bucket-public-acl owner=web
}

resource "aws_db_instance" "main" {
  identifier          = "main"
  storage_encrypted   = var.encrypted
  publicly_accessible = true
  vpc_id = module.vpc.vpc_idd
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
