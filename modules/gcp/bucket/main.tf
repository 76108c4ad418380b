# A Cloud Storage bucket with uniform bucket-level access, public access prevented, and
# optional object versioning. Access is granted per service by the workload-identity module.

resource "google_storage_bucket" "this" {
  name                        = var.name
  project                     = var.project
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  versioning {
    enabled = var.versioning
  }

  # Versions are deleted noncurrent_version_expiration_days after they become noncurrent
  # (versioned buckets), and XML API multipart uploads left incomplete are aborted
  # (https://cloud.google.com/storage/docs/lifecycle#days-since-noncurrent-time,
  # https://cloud.google.com/storage/docs/lifecycle#abort-mpu).
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_expiration_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = var.abort_incomplete_upload_days
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }
}
