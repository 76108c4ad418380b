data "aws_route53_zone" "this" {
  name         = var.zone_name
  private_zone = false
}

resource "aws_route53_record" "alias" {
  for_each = var.alias_records

  zone_id = data.aws_route53_zone.this.zone_id
  name    = each.key == "@" ? var.zone_name : "${each.key}.${var.zone_name}"
  type    = "A"

  alias {
    name                   = each.value.dns_name
    zone_id                = each.value.zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "txt" {
  count   = length(var.txt_records) > 0 ? 1 : 0
  zone_id = data.aws_route53_zone.this.zone_id
  name    = var.zone_name
  type    = "TXT"
  ttl     = 300
  records = [for r in var.txt_records : "\"${r}\""]
}
