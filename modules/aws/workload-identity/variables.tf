variable "bucket_arns" {
  description = "ARNs of the service's own buckets: the role may read, write and delete their objects."
  type        = list(string)
  default     = []
}

variable "cluster_name" {
  description = "The EKS cluster whose OIDC provider issues the service account's tokens."
  type        = string
}

variable "database_connect_arns" {
  description = "rds-db:connect resources of the service's own database users: the role may sign in as exactly those users with IAM authentication."
  type        = list(string)
  default     = []
}

variable "extra_statements" {
  description = "Extra statements from the spec's iam: escape hatch (each reported by the escape.iam policy rule)."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}

variable "name" {
  description = "IAM role name."
  type        = string

  validation {
    condition     = length(var.name) <= 64 && can(regex("^[A-Za-z0-9+=,.@_-]+$", var.name))
    error_message = "name must be at most 64 characters of letters, digits and +=,.@_-."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the service account."
  type        = string
}

variable "publish_queue_arns" {
  description = "ARNs of other services' queues this service publishes to (spec publishes:): the role may send to them, not consume."
  type        = list(string)
  default     = []
}

variable "queue_arns" {
  description = "ARNs of the service's own queues: the role may send, receive and delete their messages."
  type        = list(string)
  default     = []
}

variable "secret_arns" {
  description = "ARN patterns of the secrets the service reads (its own, and keys infrac.yaml shares with it): the role may read exactly those."
  type        = list(string)
  default     = []
}

variable "secret_reader_service_account" {
  description = "Name of the Kubernetes service account the secret store authenticates as in the service's namespace (External Secrets referent authentication); null when none."
  type        = string
  default     = null
}

variable "service_account" {
  description = "Name of the Kubernetes service account that assumes the role."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}

variable "pod_identity" {
  description = "Whether the pods get their credentials from the EKS Pod Identity agent (an association) instead of IRSA; the secret reader stays on IRSA."
  type        = bool
  default     = false
}
