module "thumbnails" {
  source      = "../../../../modules/lambda"
  name        = "staging-useast1-thumbnails"
  source_dir  = "${path.root}/src/thumbnails"
  memory_size = 512
  environment = {
    BUCKET    = "acme-staging-useast1-uploads"
    LOG_LEVEL = "debug"
  }
}

module "digest" {
  source  = "../../../../modules/lambda"
  name    = "staging-useast1-digest"
  timeout = 300
  source_dir = "${path.root}/src/digest"
}
