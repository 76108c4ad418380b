terraform {
  backend "s3" {
    bucket         = "acme-tfstate-dev"
    key            = "us-east-1/edge/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
