provider "aws" {
  region = "us-east-1"
  allowed_account_ids = ["333333333333"]

  default_tags {
    tags = {
      team = "platform"
      environment = "prod"
      stack = "observability"
    }
  }
}
