// `infrac plan --terraform-plan`: Terraform's own plan JSON through infrac's renderers, with
// sensitive values that never appear (a canary, searched in plain, base64 and JSON-escaped
// forms), unknowns, replacements with their reasons, drift, and clear errors for files that
// are not plans.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

const char* kCanary = "canary-9f2c6b1d4e7a";

std::string base64(const std::string& in) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(chars[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(chars[((val << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

}  // namespace

TEST_CASE("terraform plan JSON: actions, reasons, unknowns, drift; sensitive values never shown",
          "[cli]") {
  std::string plan = (source_dir() / "tests/corpus/terraform-plan/plan.json").string();
  CommandResult json_run = run_infrac("plan --terraform-plan " + plan + " --format json");
  INFO(json_run.err);
  REQUIRE(json_run.exit_code == 0);
  auto j = nlohmann::json::parse(json_run.out);
  const auto& t = j["targets"][0];
  CHECK(t["target"] == "plan.json");
  CHECK(t["terraform"]["create"] == 1);
  CHECK(t["terraform"]["read"] == 1);
  CHECK(t["terraform"]["update"] == 1);
  CHECK(t["terraform"]["replace"] == 1);
  CHECK(t["terraform"]["delete"] == 1);
  bool replace_reason = false, unknown = false, sensitive = false, drift = false;
  for (const auto& c : t["terraform"]["changes"]) {
    if (c["action"] == "replace")
      replace_reason = c["reason"] == "replace: fifo_queue, name forces replacement";
    for (const auto& a : c["attributes"]) {
      unknown = unknown || a["after"] == "(known after apply)";
      sensitive = sensitive || (a["path"] == "password" && a["after"] == "(sensitive value)");
    }
  }
  for (const auto& r : t["risks"])
    drift = drift || r["message"] == "drift: aws_security_group.this changed outside Terraform";
  CHECK(replace_reason);
  CHECK(unknown);
  CHECK(sensitive);
  CHECK(drift);

  for (const char* format : {"text", "json", "markdown"}) {
    CommandResult r =
        run_infrac(std::string("plan --terraform-plan ") + plan + " --format " + format);
    std::string all = r.out + r.err;
    INFO(format);
    CHECK(all.find(kCanary) == std::string::npos);
    CHECK(all.find(base64(kCanary)) == std::string::npos);
    CHECK(all.find(nlohmann::json(kCanary).dump()) == std::string::npos);
  }
}

TEST_CASE("files that are not Terraform plans are clear errors", "[cli]") {
  TempDir dir;
  struct Case {
    const char* name;
    std::string text;
    const char* says;
  };
  std::string deep(100000, '[');
  const Case cases[] = {
      {"log.txt", "Terraform will perform the following actions:\n", "not JSON"},
      {"state.json", R"({"format_version": "1.0", "values": {"root_module": {}}})",
       "no resource_changes"},
      {"future.json", R"({"format_version": "2.0", "resource_changes": []})",
       "format_version 2.0 is not supported"},
      {"nothing.json", R"({"resource_changes": []})", "no format_version"},
      {"deep.json", deep, "deeper than"},
  };
  for (const auto& c : cases) {
    write_file(dir.path / c.name, c.text);
    CommandResult r = run_infrac("plan --terraform-plan " + (dir.path / c.name).string());
    INFO(c.name << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(c.says) != std::string::npos);
  }
}

TEST_CASE("inside a repository, terraform policies judge a plan's planned values", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  write_file(repo / "infrac.yaml",
             read_file(repo / "infrac.yaml") + "  policies: [infrac/baseline, ./policies]\n");
  write_file(repo / "policies/cost.yaml",
             "apiVersion: infrac/v1\nkind: PolicyPack\nmetadata: {name: cost}\nrules:\n"
             "  - id: cost.instance-class\n    category: cost\n    description: Small databases.\n"
             "    rationale: Budget.\n    help: Use a t4g class.\n    subject: terraform\n"
             "    kinds: [aws_db_instance]\n    assert:\n"
             "      - {path: args.instance_class, matches: \"^db\\\\.t4g\\\\.\"}\n"
             "    message: \"{{value}} in {{path}}\"\n");
  std::string plan = (source_dir() / "tests/corpus/terraform-plan/plan.json").string();
  CommandResult r =
      run_infrac("plan --terraform-plan " + plan + " --format json --root " + repo.string());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // an error-level finding on the planned values
  auto j = nlohmann::json::parse(r.out);
  const auto& v = j["targets"][0]["violations"];
  // The organisation's rule, and the built-in one: the planned database is not encrypted.
  REQUIRE(v.size() == 2);
  CHECK(v[1]["rule"] == "terraform.database-encrypted");
  CHECK(v[0]["rule"] == "cost.instance-class");
  CHECK(v[0]["message"] == "db.m7g.large in args.instance_class");
  CHECK(v[0]["address"] == "aws_db_instance/module.db.aws_db_instance.this");
  CHECK(r.out.find(kCanary) == std::string::npos);
}
