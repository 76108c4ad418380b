#!/usr/bin/env python3
"""Writes the Terraform corpus: shared modules in the style of widely used public modules
(VPC, RDS, S3, IAM, EKS-like, security groups, ALB, KMS, CloudWatch, Route 53, Lambda, ECR)
and a tfaction-style monorepo of root modules per environment and region that call them.
Deterministic; the output is committed. Regenerate with:
    python3 tests/corpus/terraform/generate.py
It covers heredocs (<<EOF, <<-EOF), template directives, all three comment styles, splats,
dynamic blocks, for-expressions, conditionals, unicode and CRLF line endings; some files are
deliberately not in canonical form so `infrac fmt` has work to do."""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "repo")

VERSIONS = '''terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}
'''

MODULES = {}

MODULES["vpc"] = {
"main.tf": '''locals {
  # One private and one public subnet per availability zone.
  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  public_subnets  = [for i, az in local.azs : cidrsubnet(var.cidr_block, 8, i)]
  private_subnets = [for i, az in local.azs : cidrsubnet(var.cidr_block, 8, i + 100)]

  tags = merge(var.tags, { "Name" = var.name })
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = local.tags
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = local.tags
}

resource "aws_subnet" "public" {
  count = length(local.public_subnets)

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.public_subnets[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(local.tags, {
    "Name"                   = "${var.name}-public-${local.azs[count.index]}"
    "kubernetes.io/role/elb" = "1"
  })
}

resource "aws_subnet" "private" {
  count = length(local.private_subnets)

  vpc_id            = aws_vpc.this.id
  cidr_block        = local.private_subnets[count.index]
  availability_zone = element(local.azs, count.index)

  tags = merge(local.tags, {
    "Name"                            = "${var.name}-private-${local.azs[count.index]}"
    "kubernetes.io/role/internal-elb" = "1"
  })
}

resource "aws_eip" "nat" {
  count  = var.single_nat_gateway ? 1 : length(local.azs)
  domain = "vpc"
  tags   = local.tags
}

resource "aws_nat_gateway" "this" {
  count         = var.single_nat_gateway ? 1 : length(local.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = local.tags

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "private" {
  count  = length(local.azs)
  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
  }

  tags = local.tags
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_flow_log" "this" {
  count                = var.flow_logs_bucket_arn == null ? 0 : 1
  log_destination      = var.flow_logs_bucket_arn
  log_destination_type = "s3"
  traffic_type         = "ALL"
  vpc_id               = aws_vpc.this.id
}
''',
"variables.tf": '''variable "name" {
  type        = string
  description = "Name prefix for every resource."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "Lowercase letters, digits and dashes; at most 41 characters."
  }
}

variable "cidr_block" {
  type        = string
  description = "The VPC's IPv4 range."
  default     = "10.0.0.0/16"
}

variable "az_count" {
  type    = number
  default = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, less available)."
  type        = bool
  default     = false
}

variable "flow_logs_bucket_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
"outputs.tf": '''output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = aws_subnet.public.*.id
}

output "nat_public_ips" {
  value = [for eip in aws_eip.nat : eip.public_ip]
}
''',
"versions.tf": VERSIONS,
}

MODULES["rds"] = {
"main.tf": '''resource "random_password" "master" {
  length  = 32
  special = false
}

resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "db" {
  name_prefix = "${var.identifier}-"
  vpc_id      = var.vpc_id
  description = "PostgreSQL for ${var.identifier}"

  dynamic "ingress" {
    for_each = toset(var.allowed_security_group_ids)
    content {
      description     = "PostgreSQL from ${ingress.value}"
      from_port       = 5432
      to_port         = 5432
      protocol        = "tcp"
      security_groups = [ingress.value]
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  family      = "postgres${split(".", var.engine_version)[0]}"

  dynamic "parameter" {
    for_each = merge({
      "log_min_duration_statement" = "500"
      "rds.force_ssl"              = "1"
    }, var.parameters)
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.allocated_storage * 4
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = replace(var.identifier, "-", "_")
  username = "app"
  password = random_password.master.result

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period   = var.production ? 14 : 1
  deletion_protection       = var.production
  skip_final_snapshot       = !var.production
  final_snapshot_identifier = var.production ? "${var.identifier}-final" : null

  performance_insights_enabled = true
  tags                         = var.tags
}

resource "aws_secretsmanager_secret" "connection" {
  name = "${var.identifier}/connection"
}

resource "aws_secretsmanager_secret_version" "connection" {
  secret_id = aws_secretsmanager_secret.connection.id
  secret_string = jsonencode({
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    username = aws_db_instance.this.username
    password = random_password.master.result
    database = aws_db_instance.this.db_name
  })
}
''',
"variables.tf": '''variable "identifier" {
  type = string
}

variable "engine_version" {
  type    = string
  default = "16.3"
}

variable "instance_class" {
  type    = string
  default = "db.t4g.small"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "An RDS instance class starts with db."
  }
}

variable "allocated_storage" {
  type    = number
  default = 20
}

variable "multi_az" {
  type    = bool
  default = false
}

variable "production" {
  type    = bool
  default = false
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "allowed_security_group_ids" {
  type    = list(string)
  default = []
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "parameters" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
"outputs.tf": '''output "endpoint" {
  value = aws_db_instance.this.endpoint
}

output "security_group_id" {
  value = aws_security_group.db.id
}

output "secret_arn" {
  value     = aws_secretsmanager_secret.connection.arn
  sensitive = false
}
''',
"versions.tf": VERSIONS,
}

MODULES["s3-bucket"] = {
"main.tf": '''resource "aws_s3_bucket" "this" {
  bucket        = var.bucket
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = length(var.lifecycle_rules) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = lookup(rule.value, "prefix", "")
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [rule.value.expiration_days]
        content {
          days = expiration.value
        }
      }
    }
  }
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json
}
''',
"variables.tf": '''variable "bucket" {
  description = "Globally unique bucket name."
  type        = string
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "lifecycle_rules" {
  description = "Expiry rules by prefix."
  type = list(object({
    id              = string
    prefix          = optional(string, "")
    expiration_days = optional(number)
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
"outputs.tf": '''output "bucket" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
''',
"versions.tf": VERSIONS,
}

MODULES["iam-role"] = {
"main.tf": '''data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(var.oidc_issuer_url, "https://", "")}:sub"
      values   = [for sa in var.service_accounts : "system:serviceaccount:${sa}"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "inline" {
  for_each = var.inline_policies
  name     = each.key
  role     = aws_iam_role.this.id
  policy   = each.value
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = toset(var.managed_policy_arns)
  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_policy" "boundary" {
  count       = var.create_boundary ? 1 : 0
  name        = "${var.name}-boundary"
  description = "Permissions boundary for ${var.name}"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ${jsonencode(var.boundary_actions)},
          "Resource": "*"
        }
      ]
    }
  EOT
}
''',
"variables.tf": '''variable "name" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "oidc_issuer_url" {
  type = string
}

variable "service_accounts" {
  description = "namespace:name pairs allowed to assume the role."
  type        = list(string)
}

variable "inline_policies" {
  type    = map(string)
  default = {}
}

variable "managed_policy_arns" {
  type    = list(string)
  default = []
}

variable "create_boundary" {
  type    = bool
  default = false
}

variable "boundary_actions" {
  type    = list(string)
  default = ["s3:GetObject", "sqs:SendMessage"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
"outputs.tf": '''output "arn" {
  value = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}
''',
"versions.tf": VERSIONS,
}

MODULES["eks"] = {
"main.tf": '''locals {
  cluster_name = "${var.name}-${var.environment}"

  node_groups = {
    for name, group in var.node_groups : name => merge({
      instance_types = ["m6i.large"]
      min_size       = 1
      max_size       = 3
      labels         = {}
      taints         = []
    }, group)
  }
}

resource "aws_eks_cluster" "this" {
  name     = local.cluster_name
  role_arn = aws_iam_role.cluster.arn
  version  = var.kubernetes_version

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = var.public_endpoint
    public_access_cidrs     = var.public_endpoint ? var.public_access_cidrs : null
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = var.kms_key_arn
    }
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  depends_on = [
    aws_iam_role_policy_attachment.cluster,
  ]
}

resource "aws_iam_role" "cluster" {
  name = "${local.cluster_name}-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController",
  ])
  role       = aws_iam_role.cluster.name
  policy_arn = each.value
}

resource "aws_eks_node_group" "this" {
  for_each = local.node_groups

  cluster_name    = aws_eks_cluster.this.name
  node_group_name = each.key
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  instance_types  = each.value.instance_types
  labels          = each.value.labels

  scaling_config {
    desired_size = each.value.min_size
    min_size     = each.value.min_size
    max_size     = each.value.max_size
  }

  dynamic "taint" {
    for_each = each.value.taints
    content {
      key    = taint.value.key
      value  = try(taint.value.value, null)
      effect = taint.value.effect
    }
  }

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }
}

resource "aws_iam_role" "node" {
  name               = "${local.cluster_name}-node"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json
}

data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_openid_connect_provider" "this" {
  url             = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = [var.oidc_thumbprint]
}
''',
"variables.tf": '''variable "name" {
  type = string
}

variable "environment" {
  type = string
}

variable "kubernetes_version" {
  type    = string
  default = "1.31"
}

variable "subnet_ids" {
  type = list(string)
}

variable "public_endpoint" {
  type    = bool
  default = false
}

variable "public_access_cidrs" {
  type    = list(string)
  default = []
}

variable "kms_key_arn" {
  type = string
}

variable "oidc_thumbprint" {
  type    = string
  default = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
}

variable "node_groups" {
  description = "Node groups by name; unset fields take the defaults in main.tf."
  type        = any
  default = {
    general = {}
  }
}
''',
"outputs.tf": '''output "cluster_name" {
  value = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  value = aws_eks_cluster.this.endpoint
}

output "oidc_provider_arn" {
  value = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer_url" {
  value = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

output "node_group_arns" {
  value = { for k, g in aws_eks_node_group.this : k => g.arn }
}
''',
"versions.tf": VERSIONS,
}

MODULES["security-group"] = {
"main.tf": '''/*
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
''',
"variables.tf": '''variable "name" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
}

variable "vpc_id" {
  type = string
}

variable "ingress" {
  type = list(object({
    from_port                = number
    to_port                  = number
    cidr                     = optional(string)
    source_security_group_id = optional(string)
    description              = optional(string, "")
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
"outputs.tf": '''output "id" {
  value = aws_security_group.this.id
}
''',
"versions.tf": VERSIONS,
}

MODULES["alb"] = {
"main.tf": '''resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = var.internal
  security_groups    = var.security_group_ids
  subnets            = var.subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection

  access_logs {
    bucket  = var.access_logs_bucket
    prefix  = var.name
    enabled = var.access_logs_bucket != ""
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "not found"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_target_group" "this" {
  for_each = var.target_groups

  name        = substr("${var.name}-${each.key}", 0, 32)
  port        = each.value.port
  protocol    = "HTTP"
  vpc_id      = var.vpc_id
  target_type = "ip"

  health_check {
    path                = each.value.health_path
    matcher             = "200-399"
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}
''',
"variables.tf": '''variable "name" {
  type = string
}

variable "internal" {
  type    = bool
  default = false
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

variable "access_logs_bucket" {
  type    = string
  default = ""
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "target_groups" {
  type = map(object({
    port        = number
    health_path = optional(string, "/healthz")
  }))
  default = {}
}
''',
"outputs.tf": '''output "arn" {
  value = aws_lb.this.arn
}

output "dns_name" {
  value = aws_lb.this.dns_name
}

output "target_group_arns" {
  value = { for k, tg in aws_lb_target_group.this : k => tg.arn }
}
''',
"versions.tf": VERSIONS,
}

MODULES["kms"] = {
"main.tf": '''data "aws_caller_identity" "current" {}

resource "aws_kms_key" "this" {
  description             = var.description
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "RootAccount"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.user_arns) > 0 ? [1] : []
    content {
      sid       = "Users"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.user_arns
      }
    }
  }
}
''',
"variables.tf": '''variable "alias" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform" # the console shows this
}

variable "user_arns" {
  type    = list(string)
  default = []
}
''',
"outputs.tf": '''output "arn" {
  value = aws_kms_key.this.arn
}
''',
"versions.tf": VERSIONS,
}

MODULES["cloudwatch-alarms"] = {
"main.tf": '''locals {
  alarms = {
    for a in var.alarms : a.name => a
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.prefix}-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.prefix}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = lookup(each.value, "statistic", "Average")
  comparison_operator = each.value.threshold >= 0 ? "GreaterThanThreshold" : "LessThanThreshold"
  threshold           = abs(each.value.threshold)
  evaluation_periods  = 3
  period              = 60
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions          = each.value.dimensions

  alarm_description = <<EOF
${each.key}: ${each.value.metric} crossed ${each.value.threshold}.
%{ if each.value.runbook != "" ~}
Runbook: ${each.value.runbook}
%{ else ~}
No runbook yet — écrivez-en un.
%{ endif ~}
EOF
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.prefix
  dashboard_body = jsonencode({
    widgets = [for i, a in var.alarms : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        metrics = [[a.namespace, a.metric]]
        title   = "${a.name} ✓"
      }
    }]
  })
}
''',
"variables.tf": '''variable "prefix" {
  type = string
}

variable "alarms" {
  type = list(object({
    name       = string
    namespace  = string
    metric     = string
    threshold  = number
    statistic  = optional(string)
    dimensions = optional(map(string), {})
    runbook    = optional(string, "")
  }))
}
''',
"outputs.tf": '''output "topic_arn" {
  value = aws_sns_topic.alerts.arn
}
''',
"versions.tf": VERSIONS,
}

MODULES["route53"] = {
"main.tf": '''data "aws_route53_zone" "this" {
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
  records = [for r in var.txt_records : "\\"${r}\\""]
}
''',
"variables.tf": '''variable "zone_name" {
  type = string
}

variable "alias_records" {
  type = map(object({
    dns_name = string
    zone_id  = string
  }))
  default = {}
}

variable "txt_records" {
  type    = list(string)
  default = []
}
''',
"outputs.tf": '''output "zone_id" {
  value = data.aws_route53_zone.this.zone_id
}
''',
"versions.tf": VERSIONS,
}

MODULES["lambda"] = {
"main.tf": '''data "archive_file" "this" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "${path.module}/.build/${var.name}.zip"
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.this.arn
  runtime          = var.runtime
  handler          = var.handler
  filename         = data.archive_file.this.output_path
  source_code_hash = data.archive_file.this.output_base64sha256
  timeout          = var.timeout
  memory_size      = var.memory_size

  environment {
    variables = var.environment
  }

  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  tracing_config {
    mode = "Active"
  }
}

resource "aws_iam_role" "this" {
  name = "${var.name}-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17",
    Statement = [{
      Action    = "sts:AssumeRole",
      Effect    = "Allow",
      Principal = { Service = "lambda.amazonaws.com" },
    }]
  })
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}
''',
"variables.tf": '''variable "name" {
  type = string
}

variable "source_dir" {
  type = string
}

variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "handler" {
  type    = string
  default = "main.handler"
}

variable "timeout" {
  type    = number
  default = 30
}

variable "memory_size" {
  type    = number
  default = 256
}

variable "environment" {
  type    = map(string)
  default = {}
}

variable "vpc" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}

variable "log_retention_days" {
  type    = number
  default = 30
}
''',
"outputs.tf": '''output "arn" {
  value = aws_lambda_function.this.arn
}

output "role_name" {
  value = aws_iam_role.this.name
}
''',
"versions.tf": VERSIONS,
}

MODULES["ecr"] = {
"main.tf": '''locals {
  # Shown in the pipeline's job summary.
  summary = <<-EOT
    Repositories (${length(var.repositories)}):
    %{ for r in var.repositories ~}
    - ${r}%{ if r == var.repositories[0] } (first)%{ endif }
    %{ endfor ~}
  EOT
}

resource "aws_ecr_repository" "this" {
  for_each             = toset(var.repositories)
  name                 = each.value
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each   = aws_ecr_repository.this
  repository = each.value.name

  policy = <<POLICY
{
  "rules": [
    {
      "rulePriority": 1,
      "description": "keep the last ${var.keep_images} images",
      "selection": {
        "tagStatus": "any",
        "countType": "imageCountMoreThan",
        "countNumber": ${var.keep_images}
      },
      "action": { "type": "expire" }
    }
  ]
}
POLICY
}
''',
"variables.tf": '''variable "repositories" {
  type = list(string)
}

variable "keep_images" {
  type    = number
  default = 50
}
''',
"outputs.tf": '''output "repository_urls" {
  value = { for name, r in aws_ecr_repository.this : name => r.repository_url }
}

output "arns" {
  value = values(aws_ecr_repository.this)[*].arn
}
''',
"versions.tf": VERSIONS,
}

ENVS = ["dev", "staging", "prod"]
REGIONS = ["eu-west-1", "us-east-1"]
ACCOUNTS = {"dev": "111111111111", "staging": "222222222222", "prod": "333333333333"}
STACKS = ["network", "cluster", "data", "edge", "observability", "registry", "functions"]


def backend(env, region, stack):
    return f'''terraform {{
  backend "s3" {{
    bucket         = "acme-tfstate-{env}"
    key            = "{region}/{stack}/terraform.tfstate"
    region         = "{region}"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }}
}}
'''


def providers(env, region, stack, i):
    # Some providers are deliberately misaligned: `infrac fmt` and `terraform fmt` fix them.
    if i % 3 == 0:
        return f'''provider "aws" {{
  region = "{region}"
  allowed_account_ids = ["{ACCOUNTS[env]}"]

  default_tags {{
    tags = {{
      team = "platform"
      environment = "{env}"
      stack = "{stack}"
    }}
  }}
}}
'''
    return f'''provider "aws" {{
  region              = "{region}"
  allowed_account_ids = ["{ACCOUNTS[env]}"]

  default_tags {{
    tags = {{
      team        = "platform"
      environment = "{env}"
      stack       = "{stack}"
    }}
  }}
}}

provider "aws" {{
  alias  = "us_east_1" // CloudFront certificates live here
  region = "us-east-1"
}}
'''


def variables(env, stack):
    return f'''variable "environment" {{
  type    = string
  default = "{env}"
}}

variable "tags" {{
  type = map(string)
  default = {{
    owner = "platform"
    stack = "{stack}"
  }}
}}
'''


def main_tf(env, region, stack, i):
    prod = env == "prod"
    name = f"{env}-{region.replace('-', '')}"
    if stack == "network":
        return f'''module "vpc" {{
  source = "../../../../modules/vpc"

  name               = "{name}"
  cidr_block         = "10.{i}.0.0/16"
  az_count           = {3 if prod else 2}
  single_nat_gateway = {str(not prod).lower()}
  tags               = var.tags
}}

module "endpoints_sg" {{
  source = "../../../../modules/security-group"

  name   = "{name}-endpoints"
  vpc_id = module.vpc.vpc_id
  ingress = [
    {{ from_port = 443, to_port = 443, cidr = "10.{i}.0.0/16", description = "HTTPS inside the VPC" }},
  ]
}}
'''
    if stack == "cluster":
        return f'''data "terraform_remote_state" "network" {{
  backend = "s3"
  config = {{
    bucket = "acme-tfstate-{env}"
    key    = "{region}/network/terraform.tfstate"
    region = "{region}"
  }}
}}

module "kms" {{
  source = "../../../../modules/kms"
  alias  = "{name}-eks"
}}

module "eks" {{
  source = "../../../../modules/eks"

  name        = "acme"
  environment = var.environment
  subnet_ids  = data.terraform_remote_state.network.outputs.private_subnet_ids
  kms_key_arn = module.kms.arn

  node_groups = {{
    general = {{ min_size = {3 if prod else 1}, max_size = {10 if prod else 3} }}
    batch = {{
      instance_types = ["c6i.xlarge"]
      taints         = [{{ key = "batch", value = "true", effect = "NO_SCHEDULE" }}]
    }}
  }}
}}

module "irsa_external_secrets" {{
  source = "../../../../modules/iam-role"

  name              = "{name}-external-secrets"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer_url   = module.eks.oidc_issuer_url
  service_accounts  = ["external-secrets:external-secrets"]
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
  ]
}}
'''
    if stack == "data":
        return f'''data "terraform_remote_state" "network" {{
  backend = "s3"
  config = {{
    bucket = "acme-tfstate-{env}"
    key    = "{region}/network/terraform.tfstate"
    region = "{region}"
  }}
}}

locals {{
  databases = {{
    orders   = {{ size = "db.r6g.large", storage = 200 }}
    payments = {{ size = "db.r6g.xlarge", storage = 500 }}
    users    = {{ size = "db.t4g.medium", storage = 50 }}
  }}
}}

module "postgres" {{
  source   = "../../../../modules/rds"
  for_each = local.databases

  identifier        = "{name}-${{each.key}}"
  instance_class    = {'each.value.size' if prod else '"db.t4g.small"'}
  allocated_storage = each.value.storage
  multi_az          = {str(prod).lower()}
  production        = {str(prod).lower()}
  vpc_id            = data.terraform_remote_state.network.outputs.vpc_id
  subnet_ids        = data.terraform_remote_state.network.outputs.private_subnet_ids
}}

module "uploads" {{
  source = "../../../../modules/s3-bucket"

  bucket     = "acme-{name}-uploads"
  versioning = true
  lifecycle_rules = [
    {{ id = "tmp", prefix = "tmp/", expiration_days = 7 }},
    {{ id = "exports", prefix = "exports/", expiration_days = {90 if prod else 14} }},
  ]
}}
'''
    if stack == "edge":
        return f'''module "alb" {{
  source = "../../../../modules/alb"

  name                = "{name}-public"
  vpc_id              = var.vpc_id
  subnet_ids          = var.public_subnet_ids
  security_group_ids  = [var.alb_security_group_id]
  certificate_arn     = var.certificate_arn
  deletion_protection = {str(prod).lower()}
  target_groups = {{
    api = {{ port = 8080 }}
    web = {{ port = 3000, health_path = "/" }}
  }}
}}

module "dns" {{
  source    = "../../../../modules/route53"
  zone_name = "{env}.acme.example"
  alias_records = {{
    "@"   = {{ dns_name = module.alb.dns_name, zone_id = var.alb_zone_id }}
    "api" = {{ dns_name = module.alb.dns_name, zone_id = var.alb_zone_id }}
  }}
  txt_records = ["v=spf1 -all"]
}}

variable "vpc_id" {{
  type = string
}}

variable "public_subnet_ids" {{
  type = list(string)
}}

variable "alb_security_group_id" {{
  type = string
}}

variable "alb_zone_id" {{
  type = string
}}

variable "certificate_arn" {{
  type = string
}}
'''
    if stack == "observability":
        return f'''module "alarms" {{
  source = "../../../../modules/cloudwatch-alarms"
  prefix = "{name}"
  alarms = [
    {{ name = "api-5xx", namespace = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", threshold = {5 if prod else 50}, runbook = "https://runbooks.acme.example/api-5xx" }},
    {{ name = "db-cpu", namespace = "AWS/RDS", metric = "CPUUtilization", threshold = 80 }},
    {{ name = "queue-age", namespace = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", threshold = 600, statistic = "Maximum" }},
  ]
}}

resource "aws_cloudwatch_log_group" "audit" {{
  name              = "/acme/{env}/audit"
  retention_in_days = {365 if prod else 30}
  kms_key_id        = null
}}
'''
    if stack == "registry":
        return f'''module "ecr" {{
  source       = "../../../../modules/ecr"
  repositories = [for s in ["api", "worker", "web", "billing"] : "acme/${{s}}"]
  keep_images  = {100 if prod else 20}
}}

output "repository_urls" {{
  value = module.ecr.repository_urls
}}
'''
    return f'''module "thumbnails" {{
  source      = "../../../../modules/lambda"
  name        = "{name}-thumbnails"
  source_dir  = "${{path.root}}/src/thumbnails"
  memory_size = 512
  environment = {{
    BUCKET    = "acme-{name}-uploads"
    LOG_LEVEL = "{'info' if prod else 'debug'}"
  }}
}}

module "digest" {{
  source  = "../../../../modules/lambda"
  name    = "{name}-digest"
  timeout = 300
  source_dir = "${{path.root}}/src/digest"
}}
'''


def outputs(stack):
    if stack == "network":
        return '''output "vpc_id" {
  value = module.vpc.vpc_id
}

output "private_subnet_ids" {
  value = module.vpc.private_subnet_ids
}
'''
    if stack == "cluster":
        return '''output "cluster_name" {
  value = module.eks.cluster_name
}
'''
    return '''output "stack" {
  value = "${var.environment}-stack"
}
'''


def write(path, text, crlf=False):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    data = text.replace("\n", "\r\n") if crlf else text
    with open(full, "w", encoding="utf-8", newline="") as f:
        f.write(data)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for name, files in sorted(MODULES.items()):
        for fname, text in sorted(files.items()):
            write(f"modules/{name}/{fname}", text)
    i = 0
    for env in ENVS:
        for region in REGIONS:
            for stack in STACKS:
                d = f"live/{env}/{region}/{stack}"
                crlf = i % 11 == 5  # some files come from Windows editors
                write(f"{d}/backend.tf", backend(env, region, stack))
                write(f"{d}/providers.tf", providers(env, region, stack, i), crlf=crlf)
                write(f"{d}/versions.tf", VERSIONS)
                write(f"{d}/variables.tf", variables(env, stack))
                write(f"{d}/main.tf", main_tf(env, region, stack, i), crlf=crlf)
                write(f"{d}/outputs.tf", outputs(stack))
                i += 1
    count = sum(len(fs) for _, _, fs in os.walk(OUT))
    print(f"wrote {count} files under {OUT}")


if __name__ == "__main__":
    main()
