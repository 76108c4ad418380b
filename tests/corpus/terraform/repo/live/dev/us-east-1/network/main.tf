module "vpc" {
  source = "../../../../modules/vpc"

  name               = "dev-useast1"
  cidr_block         = "10.7.0.0/16"
  az_count           = 2
  single_nat_gateway = true
  tags               = var.tags
}

module "endpoints_sg" {
  source = "../../../../modules/security-group"

  name   = "dev-useast1-endpoints"
  vpc_id = module.vpc.vpc_id
  ingress = [
    { from_port = 443, to_port = 443, cidr = "10.7.0.0/16", description = "HTTPS inside the VPC" },
  ]
}
