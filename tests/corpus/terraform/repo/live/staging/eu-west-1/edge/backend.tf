terraform {
  backend "s3" {
    bucket         = "acme-tfstate-staging"
    key            = "eu-west-1/edge/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
