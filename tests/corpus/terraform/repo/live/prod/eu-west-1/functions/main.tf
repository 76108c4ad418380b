module "thumbnails" {
  source      = "../../../../modules/lambda"
  name        = "prod-euwest1-thumbnails"
  source_dir  = "${path.root}/src/thumbnails"
  memory_size = 512
  environment = {
    BUCKET    = "acme-prod-euwest1-uploads"
    LOG_LEVEL = "info"
  }
}

module "digest" {
  source  = "../../../../modules/lambda"
  name    = "prod-euwest1-digest"
  timeout = 300
  source_dir = "${path.root}/src/digest"
}
