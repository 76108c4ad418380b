// E0178 as an allowlist: which types a service's own .tf files may declare (stdlib's list per
// cloud, with infrac.yaml's spec.terraform.own_types), nested blocks read at any depth, and the
// arguments refused whatever the type: another identity, an inline policy, a settings
// resource naming an object the module does not declare, the file functions. The corpus cases
// 301-317, 320 and 321 show the messages at their lines.
#include <catch2/catch.hpp>

#include "hcl/reader.h"
#include "lower/own_terraform.h"
#include "lower/own_terraform_body.h"
#include "resolve/own_terraform_types.h"

using namespace infrac;

namespace {

// A project whose spec.terraform.own_types adds `resources` and `data_sources`.
Project project(Cloud cloud, std::set<std::string> resources = {},
                std::set<std::string> data_sources = {}) {
  Project p;
  p.cloud = cloud;
  p.terraform.own_resource_types = std::move(resources);
  p.terraform.own_data_source_types = std::move(data_sources);
  return p;
}

// The refused declarations of `text`, as "line:column shown".
std::vector<std::string> refused(const std::string& text, const OwnTerraformTypes& types) {
  SourceFiles files;
  Diagnostics diagnostics;
  FileId id = files.add("own.tf", text);
  auto hcl = read_hcl(files, id, diagnostics);
  REQUIRE(hcl);
  std::vector<std::string> out;
  for (const auto& d : declarations_of(*hcl, types))
    if (!d.forbidden.empty())
      out.push_back(std::to_string(d.at.line) + ":" + std::to_string(d.at.column) + " " + d.shown);
  return out;
}

}  // namespace

TEST_CASE("own types: stdlib's list per cloud, prefixes for the utilities", "[own-terraform]") {
  OwnTerraformTypes aws = own_terraform_types(project(Cloud::Aws));
  CHECK(aws.cloud == "aws");
  CHECK(type_allowed(aws.resources, "aws_s3_bucket_lifecycle_configuration"));
  CHECK(type_allowed(aws.resources, "aws_cloudwatch_log_group"));
  CHECK(type_allowed(aws.resources, "random_id"));
  CHECK(type_allowed(aws.resources, "time_sleep"));
  CHECK(type_allowed(aws.resources, "terraform_data"));
  CHECK_FALSE(type_allowed(aws.resources, "aws_lambda_function"));
  CHECK_FALSE(type_allowed(aws.resources, "aws_ssm_association"));
  CHECK_FALSE(type_allowed(aws.resources, "tls_private_key"));
  CHECK_FALSE(type_allowed(aws.resources, "google_storage_bucket"));
  CHECK_FALSE(type_allowed(aws.data_sources, "aws_kms_secrets"));
  CHECK(aws.attaches.at("aws_s3_bucket_versioning") == "bucket");

  // DNS records and what sends data out of the project are the platform's to add.
  CHECK_FALSE(type_allowed(aws.resources, "aws_route53_record"));

  OwnTerraformTypes gcp = own_terraform_types(project(Cloud::Gcp));
  CHECK(type_allowed(gcp.resources, "google_monitoring_alert_policy"));
  CHECK_FALSE(type_allowed(gcp.resources, "google_dns_record_set"));
  CHECK_FALSE(type_allowed(gcp.resources, "google_monitoring_notification_channel"));
  CHECK_FALSE(type_allowed(gcp.resources, "google_monitoring_uptime_check_config"));
  CHECK_FALSE(type_allowed(gcp.resources, "google_cloud_scheduler_job"));
  CHECK_FALSE(type_allowed(gcp.resources, "google_storage_transfer_job"));
  CHECK_FALSE(type_allowed(gcp.data_sources, "google_client_config"));
}

TEST_CASE("own types: infrac.yaml adds reviewed types", "[own-terraform]") {
  OwnTerraformTypes t =
      own_terraform_types(project(Cloud::Aws, {"aws_lambda_function"}, {"aws_lambda_function"}));
  CHECK(type_allowed(t.resources, "aws_lambda_function"));
  CHECK(type_allowed(t.data_sources, "aws_lambda_function"));
  CHECK(t.platform_resources == std::set<std::string>{"aws_lambda_function"});
  CHECK_FALSE(type_allowed(t.resources, "aws_lambda_invocation"));
}

TEST_CASE("own types: nested blocks are read, check blocks' data sources included",
          "[own-terraform]") {
  OwnTerraformTypes aws = own_terraform_types(project(Cloud::Aws));
  CHECK(refused("check \"c\" {\n  data \"aws_kms_secrets\" \"k\" {}\n  assert {\n"
                "    condition     = true\n    error_message = \"x\"\n  }\n}\n",
                aws) == std::vector<std::string>{"2:3 data \"aws_kms_secrets\" \"k\""});
  CHECK(refused("check \"c\" {\n  data \"aws_region\" \"r\" {}\n}\n", aws).empty());
  CHECK(refused("resource \"aws_ssm_association\" \"a\" {}\n", aws) ==
        std::vector<std::string>{"1:1 resource \"aws_ssm_association\" \"a\""});
}

TEST_CASE("own arguments: identities, inline policies, what a settings resource changes",
          "[own-terraform]") {
  OwnTerraformTypes t =
      own_terraform_types(project(Cloud::Aws, {"aws_lambda_function", "aws_launch_template"}));
  // The service's own role is fine; a literal, a variable or a data source is not.
  CHECK(refused("resource \"aws_lambda_function\" \"f\" {\n"
                "  role = module.workload_identity.role_arn\n}\n",
                t)
            .empty());
  CHECK(refused("resource \"aws_lambda_function\" \"f\" {\n  role = var.role\n}\n", t) ==
        std::vector<std::string>{"2:3 argument role of resource \"aws_lambda_function\" \"f\""});
  // An identity block reached through dynamic and content.
  CHECK(refused("resource \"aws_launch_template\" \"t\" {\n"
                "  dynamic \"iam_instance_profile\" {\n    for_each = [1]\n    content {\n"
                "      name = \"nodes\"\n    }\n  }\n}\n",
                t) ==
        std::vector<std::string>{"5:7 argument name of resource \"aws_launch_template\" \"t\""});
  CHECK(refused("resource \"aws_sqs_queue\" \"q\" {\n  policy = \"{}\"\n}\n", t) ==
        std::vector<std::string>{"2:3 argument policy of resource \"aws_sqs_queue\" \"q\""});
  CHECK(refused("resource \"aws_s3_bucket\" \"b\" {}\n"
                "resource \"aws_s3_bucket_versioning\" \"ok\" {\n"
                "  bucket = aws_s3_bucket.b.id\n}\n"
                "resource \"aws_s3_bucket_versioning\" \"no\" {\n  bucket = \"corp-tfstate\"\n}\n",
                t) == std::vector<std::string>{
                          "6:3 argument bucket of resource \"aws_s3_bucket_versioning\" \"no\""});
}

TEST_CASE("identity arguments by name", "[own-terraform]") {
  for (const char* name : {"role", "task_role_arn", "execution_role_arn", "iam_instance_profile",
                           "service_account", "service_account_email", "service_role"})
    CHECK(identity_argument(name));
  for (const char* name : {"name", "bucket", "roles", "policy", "email"})
    CHECK_FALSE(identity_argument(name));
}

TEST_CASE("own modules: the identity module is not called again", "[own-terraform]") {
  OwnTerraformScope scope;
  scope.providers = {"aws", "random"};
  scope.module_source_prefix = "../../../modules/";
  TfDeclaration identity{"module.extra", "module \"extra\"", Location{}};
  identity.module_source = "../../../modules/aws/workload-identity";
  TfDeclaration bucket{"module.logs", "module \"logs\"", Location{}};
  bucket.module_source = "../../../modules/aws/bucket";
  Diagnostics diagnostics;
  check_own_declarations({}, {identity, bucket}, scope, "dev/users", diagnostics);
  std::vector<Diagnostic> found = diagnostics.take();
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == DiagCode::kOwnTerraformForbidden);
  CHECK(found[0].message.find("makes an identity with grants of its own") != std::string::npos);
}

TEST_CASE("own files: the file functions are refused in any block, at any depth",
          "[own-terraform]") {
  OwnTerraformTypes aws = own_terraform_types(project(Cloud::Aws));
  std::vector<std::string> out = refused(
      "output \"x\" { value = base64encode(core::file(\"/proc/self/environ\")) }\n"
      "variable \"v\" { default = [for f in [\"a\"] : filemd5(f)] }\n"
      "locals { t = \"%{ if fileexists(\"/etc/passwd\") }y%{ endif }\" }\n"
      "locals { ok = upper(\"file(\") }\n",
      aws);
  REQUIRE(out.size() == 3);
  CHECK(out[0].starts_with("1:35 call core::file"));
  CHECK(out[1].starts_with("2:44 call filemd5"));
  CHECK(out[2].starts_with("3:21 call fileexists"));
}
