# The IAM role a service's pods assume through IRSA or EKS Pod Identity, trusted only by the
# service's own Kubernetes service accounts (the pods' and its secret reader's), allowed only
# on the service's own buckets, queues, secrets and database users.

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

locals {
  issuer = trimprefix(one(one(data.aws_eks_cluster.this.identity).oidc).issuer, "https://")
}

data "aws_iam_openid_connect_provider" "this" {
  url = one(one(data.aws_eks_cluster.this.identity).oidc).issuer
}

locals {
  # Who signs in through IRSA: every service account, or under EKS Pod Identity only the
  # secret reader (External Secrets' referent authentication exchanges a service account
  # token with STS, which Pod Identity does not serve).
  irsa_accounts = compact(var.pod_identity ? [var.secret_reader_service_account] : [var.service_account, var.secret_reader_service_account])
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = length(local.irsa_accounts) > 0 ? [1] : []

    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]

      principals {
        type        = "Federated"
        identifiers = [data.aws_iam_openid_connect_provider.this.arn]
      }

      condition {
        test     = "StringEquals"
        variable = "${local.issuer}:sub"
        values   = [for account in local.irsa_accounts : "system:serviceaccount:${var.namespace}:${account}"]
      }

      condition {
        test     = "StringEquals"
        variable = "${local.issuer}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }

  # EKS Pod Identity: the agent assumes the role for the pods of the association below
  # (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
  dynamic "statement" {
    for_each = var.pod_identity ? [1] : []

    content {
      actions = ["sts:AssumeRole", "sts:TagSession"]

      principals {
        type        = "Service"
        identifiers = ["pods.eks.amazonaws.com"]
      }

      # Only this service's account in its namespace on this cluster, by the session tags the
      # agent sets (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html).
      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/kubernetes-namespace"
        values   = [var.namespace]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/kubernetes-service-account"
        values   = [var.service_account]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/eks-cluster-arn"
        values   = [data.aws_eks_cluster.this.arn]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_eks_pod_identity_association" "this" {
  count = var.pod_identity ? 1 : 0

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.this.arn
  tags            = var.tags
}

data "aws_iam_policy_document" "access" {
  count = length(concat(var.bucket_arns, var.queue_arns, var.publish_queue_arns, var.secret_arns, var.database_connect_arns, var.extra_statements)) > 0 ? 1 : 0

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

  dynamic "statement" {
    for_each = length(var.publish_queue_arns) > 0 ? [1] : []

    content {
      sid       = "PublishQueues"
      actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
      resources = var.publish_queue_arns
    }
  }

  dynamic "statement" {
    for_each = var.extra_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }

  # Secrets Manager appends six random characters to a secret's name in its ARN, hence the
  # "-??????" the caller puts after each name it grants.
  dynamic "statement" {
    for_each = length(var.secret_arns) > 0 ? [1] : []

    content {
      sid       = "OwnSecrets"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      resources = var.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.database_connect_arns) > 0 ? [1] : []

    content {
      sid       = "OwnDatabaseUsers"
      actions   = ["rds-db:connect"]
      resources = var.database_connect_arns
    }
  }
}

resource "aws_iam_role_policy" "access" {
  count = length(data.aws_iam_policy_document.access)

  name   = "own-datastores"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access[0].json
}
