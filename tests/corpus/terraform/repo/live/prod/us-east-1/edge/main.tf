module "alb" {
  source = "../../../../modules/alb"

  name                = "prod-useast1-public"
  vpc_id              = var.vpc_id
  subnet_ids          = var.public_subnet_ids
  security_group_ids  = [var.alb_security_group_id]
  certificate_arn     = var.certificate_arn
  deletion_protection = true
  target_groups = {
    api = { port = 8080 }
    web = { port = 3000, health_path = "/" }
  }
}

module "dns" {
  source    = "../../../../modules/route53"
  zone_name = "prod.acme.example"
  alias_records = {
    "@"   = { dns_name = module.alb.dns_name, zone_id = var.alb_zone_id }
    "api" = { dns_name = module.alb.dns_name, zone_id = var.alb_zone_id }
  }
  txt_records = ["v=spf1 -all"]
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "alb_security_group_id" {
  type = string
}

variable "alb_zone_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}
