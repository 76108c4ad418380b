# A PostgreSQL instance on RDS for one service in one environment: private, encrypted,
# reachable only from the cluster's pods, with its connection details in Secrets Manager.
# The application connects as its own user with IAM database authentication (no password:
# the service's role alone may obtain a token for it); the master user's password is managed
# by RDS in a secret of its own that no service role can read.

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

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
  port = 5432
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = local.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-postgres"
  description = "PostgreSQL ${var.name}, reachable from cluster ${var.cluster_name} only"
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
  description                  = "PostgreSQL from the cluster's pods"
}

# One rule per admitted group since the platform may name several; the single rule of
# earlier versions is the cluster security group's.
moved {
  from = aws_vpc_security_group_ingress_rule.cluster
  to   = aws_vpc_security_group_ingress_rule.cluster["cluster"]
}

# The instance's own parameter group, of its engine major's family, so settings change
# without touching a shared default group. A major upgrade names a new family: the new group
# is created before the instance moves to it (create_before_destroy), as RDS requires a group
# of the target family in the same modification
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html).
resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = "postgres${split(".", var.engine_version)[0]}"
  description = "Parameters of PostgreSQL ${var.name}"
  tags        = var.tags

  dynamic "parameter" {
    for_each = var.parameters
    content {
      name  = parameter.key
      value = parameter.value
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

# RDS creates the log groups of exported logs itself, kept forever; created here first, they
# are kept log_retention_days
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html).
resource "aws_cloudwatch_log_group" "exports" {
  for_each          = toset(var.log_exports)
  name              = "/aws/rds/instance/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.allocated_storage * 4
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name                     = var.database_name
  username                    = "app_admin"
  manage_master_user_password = true
  port                        = local.port

  multi_az               = var.multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false

  parameter_group_name            = aws_db_parameter_group.this.name
  enabled_cloudwatch_logs_exports = var.log_exports

  backup_retention_period   = var.backup_retention_days
  backup_window             = var.backup_window
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = var.deletion_protection ? "${var.name}-final" : null
  # Minor upgrades and pending modifications (an instance class change) wait for the weekly
  # maintenance window
  # (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html).
  maintenance_window          = var.maintenance_window
  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = var.allow_major_version_upgrade
  # A major upgrade opted into in the spec happens during the reviewed apply, not at a later
  # maintenance window nobody watches (ModifyDBInstance ApplyImmediately).
  apply_immediately = var.allow_major_version_upgrade

  iam_database_authentication_enabled = true
  performance_insights_enabled        = true

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.exports]
}

resource "aws_secretsmanager_secret" "connection" {
  name                    = var.secret_name
  description             = "Connection details of PostgreSQL ${var.name}"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "connection" {
  secret_id = aws_secretsmanager_secret.connection.id
  secret_string = jsonencode({
    host     = aws_db_instance.this.address
    port     = tostring(aws_db_instance.this.port)
    username = var.application_user
    dbname   = aws_db_instance.this.db_name
    auth     = "iam"
  })
}
