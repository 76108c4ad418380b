terraform {
  backend "s3" {
    bucket         = "acme-tfstate-staging"
    key            = "us-east-1/data/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
