provider "aws" {
  region = "us-east-1"
  allowed_account_ids = ["222222222222"]

  default_tags {
    tags = {
      team = "platform"
      environment = "staging"
      stack = "network"
    }
  }
}
