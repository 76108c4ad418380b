// Hand-written Terraform end to end: `check --terraform` (rules on resources with findings at
// the .tf line, local module calls against their source, inline waivers valid, incomplete,
// expired, too long and for unknown rules, .terraform/ skipped), `inventory`, `fmt` (check,
// write, errors), and a build against a module whose variables were renamed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// examples/acme with the hand-written Terraform of tests/corpus/terraform-check under live/.
fs::path acme_with_live(const TempDir& dir) {
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "examples/acme", repo, fs::copy_options::recursive);
  fs::copy(source_dir() / "tests/corpus/terraform-check/live", repo / "live",
           fs::copy_options::recursive);
  return repo;
}

}  // namespace

TEST_CASE("check --terraform: findings and diagnostics at the .tf line, waivers applied", "[cli]") {
  TempDir dir;
  fs::path repo = acme_with_live(dir);
  CommandResult r = run_infrac("check --root " + repo.string() + " --terraform " +
                                   (repo / "live").string() + " --format json",
                               "INFRAC_NOW=2026-11-22");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> diagnostics, violations;
  for (const auto& d : j["diagnostics"]) {
    diagnostics.push_back(d["code"].get<std::string>() + " " + d["file"].get<std::string>() + ":" +
                          std::to_string(d["line"].get<int>()) + ":" +
                          std::to_string(d["column"].get<int>()) + " " +
                          d["message"].get<std::string>());
  }
  for (const auto& v : j["violations"]) {
    violations.push_back(v["rule"].get<std::string>() + " " + v["file"].get<std::string>() + ":" +
                         std::to_string(v["line"].get<int>()) + ":" +
                         std::to_string(v["column"].get<int>()) +
                         (v["waived"].get<bool>() ? " waived" : ""));
  }
  CHECK(diagnostics ==
        std::vector<std::string>{
            "E0305 live/dev/data/main.tf:15:1 inline waiver for terraform.database-private "
            "expired on 2026-01-31; it no longer waives",
            "E0304 live/dev/data/main.tf:22:1 inline waiver for terraform.bucket-public-acl "
            "expires 1136 days from today; the project allows at most 180",
            "E0304 live/dev/data/main.tf:27:1 inline waiver for unknown rule "
            "'terraform.no-such-rule'",
            "E0132 live/prod/data/main.tf:5:1 module vpc does not set required variable "
            "'cidr_block'",
            "E0132 live/prod/data/main.tf:7:3 module vpc (../../modules/vpc) has no variable "
            "'cidr'",
            "E0132 live/prod/data/main.tf:8:15 module vpc, variable 'azs': string given where "
            "list(string) is expected",
            "E0304 live/prod/data/main.tf:24:26 inline waiver for terraform.bucket-public-acl "
            "without reason, expires",
            "E0132 live/prod/data/main.tf:31:12 module vpc has no output 'vpc_idd'",
        });
  CHECK(violations == std::vector<std::string>{
                          "terraform.database-private live/dev/data/main.tf:19:25",
                          "terraform.bucket-public-acl live/dev/data/main.tf:24:9",
                          "terraform.tags live/prod/data/main.tf:1:1",
                          "terraform.module-version-exact live/prod/data/main.tf:13:13",
                          "terraform.bucket-public-acl live/prod/data/main.tf:19:12 waived",
                          "terraform.bucket-public-acl live/prod/data/main.tf:24:12",
                          "terraform.deletion-protection live/prod/data/main.tf:27:1",
                          "terraform.database-private live/prod/data/main.tf:30:25",
                          "terraform.open-admin-port live/prod/data/main.tf:35:3",
                          "escape.kubernetes-patches services/admin/service.yaml:4:9 waived",
                          "escape.kubernetes-patches services/admin/service.yaml:4:9 waived",
                          "escape.terraform-files services/admin/service.yaml:4:9 waived",
                          "escape.terraform-files services/admin/service.yaml:4:9 waived",
                          "security.pinned-psql-image services/admin/service.yaml:23:5",
                          "security.pinned-psql-image services/drivers/service.yaml:23:5",
                          "escape.scheduling services/geo/service.yaml:20:24 waived",
                          "escape.scheduling services/geo/service.yaml:20:24 waived",
                          "escape.scheduling services/geo/service.yaml:21:22 waived",
                          "escape.scheduling services/geo/service.yaml:21:22 waived",
                          "reliability.health-path services/notifications/service.yaml:11:5 waived",
                          "reliability.health-path services/notifications/service.yaml:11:5 waived",
                          "security.pinned-psql-image services/payments/service.yaml:38:5",
                          "security.pinned-psql-image services/rides/service.yaml:24:5",
                          "security.pinned-psql-image services/users/service.yaml:19:5",
                      });
}

TEST_CASE("check --terraform: text output quotes the .tf line and names the block", "[cli]") {
  TempDir dir;
  fs::path repo = acme_with_live(dir);
  CommandResult r =
      run_infrac("check --root " + repo.string() + " --terraform " + (repo / "live/prod").string(),
                 "INFRAC_NOW=2026-11-22");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("live/prod/data/main.tf:7:3: error[E0132]: module vpc (../../modules/vpc) has "
                   "no variable 'cidr'\n    7 |   cidr      = \"10.0.0.0/16\"\n      |   ^~~~\n"
                   "help: did you mean 'cidr_block'?\n") != std::string::npos);
  CHECK(r.err.find("  = in live/prod/data, aws_security_group.bastion\n") != std::string::npos);
  CHECK(r.err.find("  = waived until 2027-01-31 for web: public assets behind CloudFront\n") !=
        std::string::npos);
}

TEST_CASE("check --terraform: a compliant directory passes", "[cli]") {
  TempDir dir;
  fs::path repo = acme_with_live(dir);
  write_file(repo / "ok/main.tf",
             "provider \"aws\" {\n  region = \"eu-west-1\"\n  default_tags {\n"
             "    tags = { team = \"core\" }\n  }\n}\n\n"
             "resource \"aws_db_instance\" \"x\" {\n  storage_encrypted   = true\n"
             "  publicly_accessible = var.public\n}\n");
  CommandResult r =
      run_infrac("check -q --root " + repo.string() + " --terraform " + (repo / "ok").string(),
                 "INFRAC_NOW=2026-11-22");
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("inventory: blocks per file and items with addresses, .terraform skipped", "[cli]") {
  CommandResult r = run_infrac("inventory --format json " +
                               (source_dir() / "tests/corpus/terraform-check/live").string());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> addresses;
  for (const auto& i : j["items"]) addresses.push_back(i["address"]);
  CHECK(addresses == std::vector<std::string>{"provider.aws", "aws_db_instance.scratch",
                                              "aws_db_instance.old", "aws_s3_bucket_acl.far",
                                              "aws_s3_bucket.typo", "provider.aws", "module.vpc",
                                              "module.lb", "aws_s3_bucket_acl.site",
                                              "aws_s3_bucket_acl.other", "aws_db_instance.main",
                                              "aws_security_group.bastion"});
  CHECK(j["summary"]["files"] == 4);
  REQUIRE(j["modules"].size() >= 1);
  CHECK(j["modules"][0]["variables"][0]["name"] == "azs");
  CHECK(j["modules"][0]["variables"][0]["required"] == false);
  CHECK(j["modules"][0]["variables"][1]["required"] == true);
}

TEST_CASE("fmt: --check writes nothing and fails; without it files are rewritten", "[cli]") {
  TempDir dir;
  write_file(dir.path / "a/ok.tf", "x = 1\n");
  write_file(dir.path / "a/bad.tf", "x=1\nlong = [ 1,2 ]\n");
  write_file(dir.path / "a/.terraform/ignored.tf", "x=1\n");
  CommandResult check = run_infrac("fmt --check --diff " + (dir.path / "a").string());
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("bad.tf\n") != std::string::npos);
  CHECK(check.out.find("+long = [1, 2]") != std::string::npos);
  CHECK(check.out.find("ok.tf") == std::string::npos);
  CHECK(read_file(dir.path / "a/bad.tf") == "x=1\nlong = [ 1,2 ]\n");
  CommandResult write = run_infrac("fmt " + (dir.path / "a").string());
  CHECK(write.exit_code == 0);
  CHECK(read_file(dir.path / "a/bad.tf") == "x    = 1\nlong = [1, 2]\n");
  CHECK(read_file(dir.path / "a/.terraform/ignored.tf") == "x=1\n");
  CHECK(run_infrac("fmt --check " + (dir.path / "a").string()).exit_code == 0);

  write_file(dir.path / "b/broken.tf", "x = [\n");
  CommandResult broken = run_infrac("fmt " + (dir.path / "b").string());
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find(
            "broken.tf:1:5: error[E0301]: '[' is not closed before the end of the file") !=
        std::string::npos);
  CHECK(read_file(dir.path / "b/broken.tf") == "x = [\n");
}

TEST_CASE("build: a module whose variables were renamed fails at the spec line", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "examples/acme", repo, fs::copy_options::recursive);
  fs::create_directories(repo / "platform");
  fs::copy(source_dir() / "modules", repo / "platform/modules", fs::copy_options::recursive);
  std::string project = read_file(repo / "infrac.yaml");
  project.replace(project.find("modules: infrac"), 15, "modules: ./platform/modules");
  write_file(repo / "infrac.yaml", project);
  for (const char* file : {"variables.tf", "main.tf"}) {
    fs::path p = repo / "platform/modules/aws/postgres" / file;
    std::string text = read_file(p);
    for (std::size_t at = text.find("instance_class"); at != std::string::npos;
         at = text.find("instance_class", at)) {
      bool argument = text.compare(at, 17, "instance_class = ") == 0 &&
                      text.compare(at + 17, 4, "var.") == 0;  // the resource's own argument
      if (argument) {
        at += 14;
        continue;
      }
      text.replace(at, 14, "instance_type");
    }
    write_file(p, text);
  }
  TempDir out;
  CommandResult r =
      run_infrac("build --root " + repo.string() + " --out " + (out.path / "o").string(),
                 "INFRAC_NOW=2026-11-22");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("services/payments/service.yaml:38:5: error[E0132]: module aws/postgres has no "
                   "variable 'instance_class'\n") != std::string::npos);
  CHECK(r.err.find("help: did you mean 'instance_type'?") != std::string::npos);
  CHECK_FALSE(fs::exists(out.path / "o"));
}
