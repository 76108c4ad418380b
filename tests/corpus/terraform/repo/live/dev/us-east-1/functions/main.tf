module "thumbnails" {
  source      = "../../../../modules/lambda"
  name        = "dev-useast1-thumbnails"
  source_dir  = "${path.root}/src/thumbnails"
  memory_size = 512
  environment = {
    BUCKET    = "acme-dev-useast1-uploads"
    LOG_LEVEL = "debug"
  }
}

module "digest" {
  source  = "../../../../modules/lambda"
  name    = "dev-useast1-digest"
  timeout = 300
  source_dir = "${path.root}/src/digest"
}
