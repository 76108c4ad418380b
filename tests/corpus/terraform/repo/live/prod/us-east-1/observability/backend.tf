terraform {
  backend "s3" {
    bucket         = "acme-tfstate-prod"
    key            = "us-east-1/observability/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
