# A Redis replication group on ElastiCache for one service in one environment: encrypted in
# transit and at rest, token-authenticated, reachable only from the cluster's pods.

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

locals {
  vpc_config = one(data.aws_eks_cluster.this.vpc_config)
  # Where the instance lives and whom it admits: the platform's subnets and security groups
  # (infrac.yaml spec.platform.datastores) or else the cluster's subnets and its cluster
  # security group, which EKS attaches to the nodes of managed node groups that name no groups
  # of their own (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html);
  # Karpenter node classes and custom launch templates carry the groups the platform names.
  subnet_ids = var.subnet_ids != null ? var.subnet_ids : local.vpc_config.subnet_ids
  admitted = (var.allowed_security_group_ids != null
    ? { for id in var.allowed_security_group_ids : id => id }
  : { cluster = local.vpc_config.cluster_security_group_id })
  port = 6379
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = local.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis ${var.name}, reachable from cluster ${var.cluster_name} only"
  vpc_id      = local.vpc_config.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "cluster" {
  for_each = local.admitted

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  description                  = "Redis from the cluster's pods"
}

# One rule per admitted group since the platform may name several; the single rule of
# earlier versions is the cluster security group's.
moved {
  from = aws_vpc_security_group_ingress_rule.cluster
  to   = aws_vpc_security_group_ingress_rule.cluster["cluster"]
}

resource "random_password" "auth" {
  length  = 64
  special = false
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Redis for ${var.name}"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = local.port

  num_cache_clusters         = var.high_availability ? 2 : 1
  automatic_failover_enabled = var.high_availability
  multi_az_enabled           = var.high_availability

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result

  # Daily snapshots in snapshot_window, and one final snapshot when the group is deleted;
  # minor upgrades and node type changes wait for the weekly maintenance_window
  # (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html,
  # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/maintenance-window.html).
  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = var.snapshot_retention_days > 0 ? var.snapshot_window : null
  final_snapshot_identifier  = var.final_snapshot ? "${var.name}-final" : null
  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = true

  tags = var.tags
}

resource "aws_secretsmanager_secret" "connection" {
  name                    = var.secret_name
  description             = "Connection details of Redis ${var.name}"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "connection" {
  secret_id = aws_secretsmanager_secret.connection.id
  secret_string = jsonencode({
    host       = aws_elasticache_replication_group.this.primary_endpoint_address
    port       = tostring(local.port)
    auth_token = random_password.auth.result
  })
}
