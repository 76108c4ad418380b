provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]

  default_tags {
    tags = {
      team        = "platform"
      environment = "staging"
      stack       = "network"
    }
  }
}

provider "aws" {
  alias  = "us_east_1" // CloudFront certificates live here
  region = "us-east-1"
}
