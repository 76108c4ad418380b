/*
 * A security group from a list of rules. Rules name their source either by CIDR or by
 * another security group, never both.
 */
resource "aws_security_group" "this" {
  name_prefix = "${var.name}-"
  description = var.description
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = var.name })
}

resource "aws_vpc_security_group_ingress_rule" "cidr" {
  for_each = { for r in var.ingress : "${r.from_port}-${r.to_port}-${r.cidr}" => r if r.cidr != null }

  security_group_id = aws_security_group.this.id
  cidr_ipv4         = each.value.cidr
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  ip_protocol       = "tcp"
  description       = each.value.description
}

resource "aws_vpc_security_group_ingress_rule" "group" {
  for_each = { for r in var.ingress : "${r.from_port}-${r.to_port}-${r.source_security_group_id}" => r if r.source_security_group_id != null }

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value.source_security_group_id
  from_port                    = each.value.from_port
  to_port                      = each.value.to_port
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
