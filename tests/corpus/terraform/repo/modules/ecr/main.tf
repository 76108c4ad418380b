locals {
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
