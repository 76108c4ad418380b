output "zone_id" {
  value = data.aws_route53_zone.this.zone_id
}
