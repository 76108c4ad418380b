// `infrac plan --terraform-plan`: Terraform's own plan JSON through infrac's renderers, with
// sensitive values that never appear (a canary, searched in plain, base64 and JSON-escaped
// forms), unknowns, replacements with their reasons, drift, and clear errors for files that
// are not plans.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

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
      {"state.json", R"({"format_version": "1.0", "values": {"root_module": {}}})", "a state file"},
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

namespace {

// `file: text` lines of a corpus's expected.txt ('#' lines are comments).
std::vector<std::pair<std::string, std::string>> expectations(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(read_file(dir / "expected.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(": ");
    out.push_back({line.substr(0, colon), line.substr(colon + 2)});
  }
  return out;
}

// The same text in the encodings plans are saved in: UTF-8 with and without a byte order
// mark, UTF-16 LE (PowerShell's `>`) and BE, each with its byte order mark.
std::vector<std::pair<std::string, std::string>> encodings(const std::string& utf8) {
  auto utf16 = [&](bool little) {
    std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
    for (std::size_t i = 0; i < utf8.size();) {  // the corpus is ASCII but for escapes
      unsigned char c = static_cast<unsigned char>(utf8[i]);
      REQUIRE(c < 0x80);
      out += little ? std::string{static_cast<char>(c), '\0'}
                    : std::string{'\0', static_cast<char>(c)};
      i += 1;
    }
    return out;
  };
  return {{"utf-8", utf8},
          {"utf-8 with BOM", "\xEF\xBB\xBF" + utf8},
          {"utf-16le", utf16(true)},
          {"utf-16be", utf16(false)}};
}

}  // namespace

// The corpus follows Terraform's documented JSON output format
// (https://developer.hashicorp.com/terraform/internals/json-format; the 0.x layouts as
// Terraform 0.12-1.0 wrote them: tests/corpus/terraform-plan/README.md).
TEST_CASE("terraform plan JSON of every format version and encoding counts as terraform does",
          "[cli]") {
  fs::path dir = source_dir() / "tests/corpus/terraform-plan/versions";
  auto cases = expectations(dir);
  REQUIRE(cases.size() >= 6);  // an emptied corpus fails
  TempDir tmp;
  for (const auto& [file, summary] : cases) {
    for (const auto& [encoding, bytes] : encodings(read_file(dir / file))) {
      fs::path copy = tmp.path / file;
      write_file(copy, bytes);
      CommandResult r = run_infrac("plan --terraform-plan " + copy.string() + " --no-color");
      INFO(file << " as " << encoding << "\n" << r.err);
      REQUIRE(r.exit_code == 0);
      // The text renderer's last line, on stdout; infrac adds the target count in front.
      auto at = r.out.rfind("Plan: ");
      REQUIRE(at != std::string::npos);
      std::string line = r.out.substr(at, r.out.find('\n', at) - at);
      std::string tail = line.substr(line.find("; ") + 2);
      auto replaced = tail.find(" (");
      if (replaced != std::string::npos) tail = tail.substr(0, replaced) + ".";
      CHECK("Plan: " + tail == summary);
      CHECK((r.out + r.err).find("canary") == std::string::npos);  // sensitive values stay hidden
    }
  }
}

TEST_CASE("files that are not Terraform plans fail with a clear error, never a crash", "[cli]") {
  fs::path dir = source_dir() / "tests/corpus/terraform-plan/not-plans";
  auto cases = expectations(dir);
  REQUIRE(cases.size() >= 10);
  for (const auto& [file, message] : cases) {
    CommandResult r = run_infrac("plan --terraform-plan " + (dir / file).string());
    INFO(file << "\n" << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("infrac: error: " + file + ": ") != std::string::npos);
    CHECK(r.err.find(message) != std::string::npos);
  }
}
