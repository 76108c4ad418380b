module "ecr" {
  source       = "../../../../modules/ecr"
  repositories = [for s in ["api", "worker", "web", "billing"] : "acme/${s}"]
  keep_images  = 20
}

output "repository_urls" {
  value = module.ecr.repository_urls
}
