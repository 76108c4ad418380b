provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]

  default_tags {
    tags = {
      team        = "platform"
      environment = "dev"
      stack       = "observability"
    }
  }
}

provider "aws" {
  alias  = "us_east_1" // CloudFront certificates live here
  region = "us-east-1"
}
