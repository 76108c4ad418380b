provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["333333333333"]

  default_tags {
    tags = {
      team        = "platform"
      environment = "prod"
      stack       = "edge"
    }
  }
}

provider "aws" {
  alias  = "us_east_1" // CloudFront certificates live here
  region = "us-east-1"
}
