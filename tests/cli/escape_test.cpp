// A service's own files: services/<name>/terraform/*.tf lands in every root module of the
// service in terraform fmt form and is judged by `check` like `check --terraform`;
// services/<name>/patches/*.yaml changes its objects, which the policies then judge; broken
// files are errors at their line, and a failed build writes nothing.
#include <catch2/catch.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

struct Repo {
  TempDir dir;
  fs::path root;
  Repo() : root(dir.path / "repo") {
    fs::copy(source_dir() / "tests/corpus/base", root, fs::copy_options::recursive);
  }
  void add(const std::string& path, const std::string& text) {
    fs::create_directories((root / path).parent_path());
    write_file(root / path, text);
  }
  CommandResult build() {
    return run_infrac("build --root " + root.string() + " --out " + (root / "out").string());
  }
};

}  // namespace

TEST_CASE("a service's own .tf file is copied, formatted, checked and reported", "[cli]") {
  Repo repo;
  repo.add("services/users/terraform/audit.tf",
           "resource \"aws_cloudwatch_log_group\" \"audit\" {\n  name = \"/corp/users/audit\"\n"
           "  retention_in_days = 30\n}\n");
  CommandResult built = repo.build();
  INFO(built.err);
  REQUIRE(built.exit_code == 0);
  std::string copied = read_file(repo.root / "out/terraform/prod/users/audit.tf");
  CHECK(copied.rfind("# Copied from services/users/terraform/audit.tf", 0) == 0);
  CHECK(copied.find("  name              = \"/corp/users/audit\"\n") != std::string::npos);
  CHECK(fs::exists(repo.root / "out/terraform/dev/users/audit.tf"));
  CHECK(built.err.find("warning[escape.terraform-files]") != std::string::npos);

  // check judges the file with the terraform rules, at its own lines.
  repo.add("services/users/terraform/bucket.tf",
           "resource \"aws_s3_bucket_acl\" \"open\" {\n  bucket = \"x\"\n  acl    = "
           "\"public-read\"\n}\n");
  CommandResult check = run_infrac("check --root " + repo.root.string());
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("services/users/terraform/bucket.tf:3:") != std::string::npos);

  // Invalid HCL: an error at the line, and nothing written.
  fs::remove_all(repo.root / "out");
  repo.add("services/users/terraform/bucket.tf",
           "resource \"aws_s3_bucket\" \"b\" {\n  bucket =\n");
  CommandResult broken = repo.build();
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("services/users/terraform/bucket.tf:") != std::string::npos);
  CHECK(broken.err.find("error[E0301]") != std::string::npos);
  CHECK(!fs::exists(repo.root / "out"));
}

// What an own file may still do (the refusals are corpus cases 289-298 and 301-313): a provider
// alias for another region with default tags, resources of the declared providers through it, a
// utility provider's resource and Terraform's own terraform_data without a provisioner.
TEST_CASE("an own .tf file may use the declared providers, an alias and utilities", "[cli]") {
  Repo repo;
  repo.add("services/users/terraform/edge.tf",
           "provider \"aws\" {\n  alias  = \"us_east_1\"\n  region = \"us-east-1\"\n"
           "  default_tags {\n    tags = {\n      team                     = \"core\"\n"
           "      \"app.kubernetes.io/name\" = \"users\"\n    }\n  }\n}\n\n"
           "resource \"aws_acm_certificate\" \"edge\" {\n  provider          = aws.us_east_1\n"
           "  domain_name       = \"users.corp.example\"\n  validation_method = \"DNS\"\n}\n\n"
           "resource \"random_id\" \"suffix\" {\n  byte_length = 4\n}\n\n"
           "resource \"terraform_data\" \"marker\" {\n  input = \"users\"\n}\n");
  CommandResult check = run_infrac("check --root " + repo.root.string());
  INFO(check.err);
  CHECK(check.err.find("error") == std::string::npos);
  CHECK(check.exit_code == 0);
}

// The allowlist as the platform extends it (infrac.yaml spec.terraform.own_types): a reviewed
// type runs as the service's own identity; settings resources change the module's own bucket;
// a check block reads an allowed data source. The same type is refused without the entry.
TEST_CASE("infrac.yaml extends the types an own .tf file may declare", "[cli]") {
  Repo repo;
  std::string lambda =
      "resource \"aws_lambda_function\" \"resize\" {\n  function_name = \"corp-users-resize\"\n"
      "  role          = module.workload_identity.role_arn\n  runtime       = \"python3.12\"\n"
      "  handler       = \"main.handler\"\n  filename      = \"resize.zip\"\n}\n\n"
      "resource \"aws_s3_bucket\" \"thumbs\" {\n  bucket = \"corp-users-thumbs\"\n}\n\n"
      "resource \"aws_s3_bucket_versioning\" \"thumbs\" {\n  bucket = aws_s3_bucket.thumbs.id\n"
      "  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n"
      "check \"region\" {\n  data \"aws_region\" \"here\" {}\n\n  assert {\n"
      "    condition     = data.aws_region.here.name != \"\"\n"
      "    error_message = \"no region\"\n  }\n}\n";
  repo.add("services/users/terraform/resize.tf", lambda);
  CommandResult refused = run_infrac("check --root " + repo.root.string());
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("services/users/terraform/resize.tf:1:1: error[E0178]: resource "
                         "\"aws_lambda_function\" \"resize\" in a service's own .tf file: "
                         "aws_lambda_function is not among the resource types") !=
        std::string::npos);
  CHECK(refused.err.find("spec.terraform.own_types.resources: [aws_lambda_function]") !=
        std::string::npos);

  std::string project = read_file(repo.root / "infrac.yaml");
  project.replace(project.find("  environments:"), 0,
                  "  terraform:\n    own_types:\n      resources: [aws_lambda_function]\n");
  repo.add("infrac.yaml", project);
  CommandResult check = run_infrac("check --root " + repo.root.string());
  INFO(check.err);
  CHECK(check.err.find("error") == std::string::npos);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a patch changes the generated objects, and the policies judge the result", "[cli]") {
  Repo repo;
  repo.add("services/users/patches/priority.yaml",
           "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: users-api\nspec:\n"
           "  template:\n    spec:\n      priorityClassName: high\n");
  CommandResult built = repo.build();
  INFO(built.err);
  REQUIRE(built.exit_code == 0);
  CHECK(read_file(repo.root / "out/kubernetes/prod/users/deployment-users-api.yaml")
            .find("priorityClassName: high") != std::string::npos);
  CHECK(built.err.find("warning[escape.kubernetes-patches]") != std::string::npos);

  // A patch that weakens Pod Security is refused at the operation: E0153, not a finding an
  // exception could waive.
  repo.add("services/users/patches/root.yaml",
           "target: {kind: Deployment, name: users-api}\npatch:\n"
           "  - {op: replace, path: /spec/template/spec/securityContext/runAsNonRoot, value: "
           "false}\n");
  CommandResult root = run_infrac("check --root " + repo.root.string());
  CHECK(root.exit_code == 1);
  CHECK(root.err.find("services/users/patches/root.yaml:3:5: error[E0153]: patch root.yaml "
                      "weakens Deployment users-api of ") != std::string::npos);

  // A patch for an object the service does not have.
  fs::remove(repo.root / "services/users/patches/root.yaml");
  repo.add("services/users/patches/other.yaml",
           "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: users-worker\n");
  CommandResult other = run_infrac("check --root " + repo.root.string());
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("services/users/patches/other.yaml:4:9: error[E0150]: patch other.yaml "
                       "matches no object") != std::string::npos);
}

TEST_CASE("a file in terraform/ that is not .tf is refused, not skipped", "[cli]") {
  Repo repo;
  repo.add("services/users/terraform/notes.txt", "the audit log group lives here\n");
  CommandResult check = run_infrac("check --root " + repo.root.string());
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("services/users/terraform/notes.txt:1:1: error[E0150]: "
                       "services/users/terraform/notes.txt is not a .tf file") !=
        std::string::npos);
  // Hidden files are left alone.
  fs::remove(repo.root / "services/users/terraform/notes.txt");
  repo.add("services/users/terraform/.gitkeep", "");
  CHECK(run_infrac("check --root " + repo.root.string()).exit_code == 0);
}

TEST_CASE("a project-wide secret role on Google Cloud is refused, not a warning", "[cli]") {
  TempDir dir;
  fs::path root = dir.path / "shop";
  fs::copy(source_dir() / "examples/shop-gcp", root, fs::copy_options::recursive);
  fs::remove_all(root / "out");
  fs::path spec = root / "services/search/service.yaml";
  std::string text = read_file(spec);
  std::string grant = "{role: roles/cloudtrace.agent, reason: exports query traces to Cloud Trace}";
  REQUIRE(text.find(grant) != std::string::npos);
  text.replace(text.find(grant), grant.size(),
               "{role: roles/secretmanager.secretAccessor, reason: reads the catalog's key}");
  write_file(spec, text);
  CommandResult check = run_infrac("check --root " + root.string());
  INFO(check.err);
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("services/search/service.yaml:21:14: error[E0140]: security: service "
                       "'search' is granted roles/secretmanager.secretAccessor on the project") !=
        std::string::npos);
}
