variable "account_id" {
  description = "Service account id (6 to 30 characters)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.account_id))
    error_message = "account_id must be 6 to 30 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "bucket_names" {
  description = "Buckets the service reads and writes objects in."
  type        = list(string)
  default     = []
}

variable "display_name" {
  description = "Shown in the console."
  type        = string
  default     = "infrac service"
}

variable "extra_project_roles" {
  description = "Roles granted on the project from the spec's iam: escape hatch (each reported by the escape.iam policy rule)."
  type        = list(string)
  default     = []
}

variable "kubernetes_namespace" {
  description = "Namespace of the Kubernetes service account allowed to impersonate this account; null on Cloud Run."
  type        = string
  default     = null
}

variable "kubernetes_service_account" {
  description = "Name of that Kubernetes service account."
  type        = string
  default     = null
}

variable "kubernetes_secret_reader" {
  description = "Kubernetes service account (in kubernetes_namespace) the cluster's secret store authenticates as; null when none."
  type        = string
  default     = null
}

variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "secret_ids" {
  description = "Secret Manager secrets the service reads: its datastores' connection secrets and the keys its spec reads (Cloud Run secret environment variables, or through the secret store on GKE)."
  type        = list(string)
  default     = []
}

variable "sql_instance_names" {
  description = "Cloud SQL instances the service connects to."
  type        = list(string)
  default     = []
}

variable "subscription_names" {
  description = "Pub/Sub subscriptions the service consumes."
  type        = list(string)
  default     = []
}

variable "topic_names" {
  description = "Pub/Sub topics the service publishes to."
  type        = list(string)
  default     = []
}
