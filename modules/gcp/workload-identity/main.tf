# The service's own Google service account: impersonated by its Kubernetes service account
# (GKE workload identity) or run as by its Cloud Run services and jobs, with access to exactly
# the service's own buckets, topics, subscriptions and Cloud SQL instances.

locals {
  member = "serviceAccount:${google_service_account.this.email}"
}

resource "google_service_account" "this" {
  account_id   = var.account_id
  project      = var.project
  display_name = var.display_name
}

resource "google_service_account_iam_member" "workload_identity" {
  count              = var.kubernetes_namespace == null ? 0 : 1
  service_account_id = google_service_account.this.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project}.svc.id.goog[${var.kubernetes_namespace}/${var.kubernetes_service_account}]"
}

# The cluster's secret store impersonates the account through this Kubernetes service account
# of the same namespace (External Secrets referent authentication).
resource "google_service_account_iam_member" "secret_reader" {
  count              = var.kubernetes_namespace == null || var.kubernetes_secret_reader == null ? 0 : 1
  service_account_id = google_service_account.this.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project}.svc.id.goog[${var.kubernetes_namespace}/${var.kubernetes_secret_reader}]"
}

# count, not for_each: the names are outputs of modules planned in the same run, unknown until
# apply, while their number is known.
resource "google_storage_bucket_iam_member" "objects" {
  count  = length(var.bucket_names)
  bucket = var.bucket_names[count.index]
  role   = "roles/storage.objectUser"
  member = local.member
}

resource "google_pubsub_topic_iam_member" "publisher" {
  count   = length(var.topic_names)
  project = var.project
  topic   = var.topic_names[count.index]
  role    = "roles/pubsub.publisher"
  member  = local.member
}

resource "google_pubsub_subscription_iam_member" "subscriber" {
  count        = length(var.subscription_names)
  project      = var.project
  subscription = var.subscription_names[count.index]
  role         = "roles/pubsub.subscriber"
  member       = local.member
}

# cloudsql.client: connect through the Cloud SQL connectors or Auth Proxy; cloudsql.instanceUser:
# sign in as the account's IAM database user (cloudsql.instances.login), both only on the
# service's own instances (https://cloud.google.com/sql/docs/postgres/iam-roles,
# https://cloud.google.com/sql/docs/postgres/iam-conditions).
resource "google_project_iam_member" "cloudsql" {
  for_each = toset(length(var.sql_instance_names) > 0 ? ["roles/cloudsql.client", "roles/cloudsql.instanceUser"] : [])
  project  = var.project
  role     = each.value
  member   = local.member

  condition {
    title       = "own-instances"
    description = "Only the service's own Cloud SQL instances."
    expression  = join(" || ", [for n in var.sql_instance_names : "resource.name == \"projects/${var.project}/instances/${n}\""])
  }
}

moved {
  from = google_project_iam_member.cloudsql_client[0]
  to   = google_project_iam_member.cloudsql["roles/cloudsql.client"]
}

resource "google_project_iam_member" "extra" {
  for_each = toset(var.extra_project_roles)
  project  = var.project
  role     = each.value
  member   = local.member
}

# Cloud Run reads secret_env itself, as the service's account; on GKE the cluster's secret
# store reads them as the same account.
resource "google_secret_manager_secret_iam_member" "accessor" {
  count     = length(var.secret_ids)
  project   = var.project
  secret_id = var.secret_ids[count.index]
  role      = "roles/secretmanager.secretAccessor"
  member    = local.member
}
