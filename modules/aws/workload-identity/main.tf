# The IAM role a service's pods assume through IRSA, trusted only by the service's own
# Kubernetes service account, allowed only on the service's own buckets and queues.

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

locals {
  issuer = trimprefix(one(one(data.aws_eks_cluster.this.identity).oidc).issuer, "https://")
}

data "aws_iam_openid_connect_provider" "this" {
  url = one(one(data.aws_eks_cluster.this.identity).oidc).issuer
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

data "aws_iam_policy_document" "access" {
  count = length(var.bucket_arns) + length(var.queue_arns) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = length(var.bucket_arns) > 0 ? [1] : []

    content {
      sid       = "OwnBucketsList"
      actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
      resources = var.bucket_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.bucket_arns) > 0 ? [1] : []

    content {
      sid       = "OwnBucketsObjects"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = [for arn in var.bucket_arns : "${arn}/*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.queue_arns) > 0 ? [1] : []

    content {
      sid = "OwnQueues"
      actions = [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
      ]
      resources = var.queue_arns
    }
  }
}

resource "aws_iam_role_policy" "access" {
  count = length(data.aws_iam_policy_document.access)

  name   = "own-datastores"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access[0].json
}
