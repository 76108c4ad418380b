data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate-prod"
    key    = "us-east-1/network/terraform.tfstate"
    region = "us-east-1"
  }
}

locals {
  databases = {
    orders   = { size = "db.r6g.large", storage = 200 }
    payments = { size = "db.r6g.xlarge", storage = 500 }
    users    = { size = "db.t4g.medium", storage = 50 }
  }
}

module "postgres" {
  source   = "../../../../modules/rds"
  for_each = local.databases

  identifier        = "prod-useast1-${each.key}"
  instance_class    = each.value.size
  allocated_storage = each.value.storage
  multi_az          = true
  production        = true
  vpc_id            = data.terraform_remote_state.network.outputs.vpc_id
  subnet_ids        = data.terraform_remote_state.network.outputs.private_subnet_ids
}

module "uploads" {
  source = "../../../../modules/s3-bucket"

  bucket     = "acme-prod-useast1-uploads"
  versioning = true
  lifecycle_rules = [
    { id = "tmp", prefix = "tmp/", expiration_days = 7 },
    { id = "exports", prefix = "exports/", expiration_days = 90 },
  ]
}
