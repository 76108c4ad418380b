data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate-dev"
    key    = "us-east-1/network/terraform.tfstate"
    region = "us-east-1"
  }
}

module "kms" {
  source = "../../../../modules/kms"
  alias  = "dev-useast1-eks"
}

module "eks" {
  source = "../../../../modules/eks"

  name        = "acme"
  environment = var.environment
  subnet_ids  = data.terraform_remote_state.network.outputs.private_subnet_ids
  kms_key_arn = module.kms.arn

  node_groups = {
    general = { min_size = 1, max_size = 3 }
    batch = {
      instance_types = ["c6i.xlarge"]
      taints         = [{ key = "batch", value = "true", effect = "NO_SCHEDULE" }]
    }
  }
}

module "irsa_external_secrets" {
  source = "../../../../modules/iam-role"

  name              = "dev-useast1-external-secrets"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer_url   = module.eks.oidc_issuer_url
  service_accounts  = ["external-secrets:external-secrets"]
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
  ]
}
