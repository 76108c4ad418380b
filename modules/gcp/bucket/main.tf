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
}
