// Policy tooling end to end: policy test and coverage, explain, an organisation's pack in
// examples/, GitHub annotations (escaping, the 10 + 10 cap, the job summary), and linear-time
// patterns on hostile input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>

#include "../unit/support.h"
#include "report/findings_render.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

fs::path base() {
  return source_dir() / "tests/corpus/base";
}

fs::path repo_with(const TempDir& dir, const std::map<std::string, std::string>& files) {
  fs::path repo = dir.path / "repo";
  fs::copy(base(), repo, fs::copy_options::recursive);
  for (const auto& [path, contents] : files) write_file(repo / path, contents);
  return repo;
}

std::string project_with_policies() {
  return read_file(base() / "infrac.yaml") + "  policies: [infrac/baseline, ./policies]\n";
}

}  // namespace

TEST_CASE("policy test: every built-in rule has a failing and a passing case", "[cli]") {
  TempDir dir;  // no repository: the built-in packs alone
  CommandResult r = run_infrac("policy test -q " + dir.path.string());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(" 0 failed") != std::string::npos);
  CHECK(r.out.find("coverage: 62/62 rules") != std::string::npos);
}

TEST_CASE("policy test runs an organisation's cases with its configuration, and fails", "[cli]") {
  CommandResult ok =
      run_infrac("policy test -q " + (source_dir() / "examples/org-policies").string());
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("coverage: 63/63 rules") != std::string::npos);

  TempDir dir;
  std::string pack = read_file(source_dir() / "examples/org-policies/policies/shop.yaml");
  pack.replace(pack.find("expect: [shop.worker-command]"), 29, "expect: []");
  fs::path repo =
      repo_with(dir, {{"infrac.yaml", project_with_policies()}, {"policies/shop.yaml", pack}});
  CommandResult bad = run_infrac("policy test -q " + repo.string());
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("FAIL shop: a worker without one") != std::string::npos);
  CHECK(bad.out.find("expected [], fired [shop.worker-command]") != std::string::npos);
}

TEST_CASE("explain prints why, how to fix and how to ask for an exception", "[cli]") {
  TempDir dir;
  CommandResult r = run_infrac("explain datastore.use-postgres --root " + base().string());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Why: One relational engine") != std::string::npos);
  CHECK(r.out.find("How to fix: Use type postgres") != std::string::npos);
  CHECK(r.out.find("  - rule: datastore.use-postgres") != std::string::npos);
  CHECK(r.out.find("at most 180 days") != std::string::npos);
  CommandResult unknown = run_infrac("explain datastore.use-postgre --root " + base().string());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("did you mean 'datastore.use-postgres'?") != std::string::npos);
}

TEST_CASE("examples/org-policies: configured parameters and a custom rule, end to end", "[cli]") {
  CommandResult r =
      run_infrac("check --format json --root " + (source_dir() / "examples/org-policies").string(),
                 "INFRAC_NOW=2026-11-22");
  CHECK(r.exit_code == 1);
  auto report = nlohmann::json::parse(r.out);
  std::multiset<std::string> found;
  for (const auto& v : report["violations"]) {
    found.insert(v["rule"].get<std::string>() + " " + std::to_string(v["line"].get<int>()) + " " +
                 v["target"].get<std::string>());
  }
  // orders is the example's bad service: besides the organisation's own findings it runs one
  // worker with no health check in production, deployed by tag.
  CHECK(found ==
        std::multiset<std::string>{
            "shop.worker-command 14 staging/orders", "shop.worker-command 14 prod/orders",
            // Both production databases' roles Jobs run the default psql image, a tag.
            "security.pinned-psql-image 18 prod/orders",
            "security.pinned-psql-image 22 prod/catalog",
            "datastore.postgres-version 18 staging/orders",
            "datastore.postgres-version 18 prod/orders", "datastore.approved 19 staging/orders",
            "datastore.approved 19 prod/orders", "reliability.prod-worker-replicas 14 prod/orders",
            "reliability.worker-health 14 staging/orders",
            "reliability.worker-health 14 prod/orders", "security.immutable-image 8 prod/orders"});
}

TEST_CASE("GitHub annotations escape file names, stop at 10 per level, summarise the rest",
          "[cli]") {
  CHECK(infrac::github_escape_property("policies/a,b:c%.yaml") == "policies/a%2Cb%3Ac%25.yaml");
  CHECK(infrac::github_escape_data("two\r\nlines 100%") == "two%0D%0Alines 100%25");

  TempDir dir;
  std::string users = read_file(base() / "services/users/service.yaml");
  std::string env = "  env:\n";
  for (int i = 0; i < 12; ++i) env += "    SECRET_" + std::to_string(i) + ": plain\n";
  users.replace(users.find("  datastores:"), 0, env);
  std::string odd = "apiVersion: infrac/v1\nkind: PolicyPack\nmetadata: {name: odd}\ncolour: red\n";
  fs::path repo = repo_with(dir, {{"infrac.yaml", project_with_policies()},
                                  {"services/users/service.yaml", users},
                                  {"policies/odd,name:1.yaml", odd}});
  fs::path summary = dir.path / "summary.md";
  CommandResult input = run_infrac("check --format github --root " + repo.string(),
                                   "GITHUB_STEP_SUMMARY=" + summary.string());
  CHECK(input.exit_code == 1);
  CHECK(input.out.find("::error file=policies/odd%2Cname%3A1.yaml,line=4,col=1,") !=
        std::string::npos);

  fs::remove(repo / "policies/odd,name:1.yaml");
  fs::remove(summary);
  CommandResult many = run_infrac("check --format github --root " + repo.string(),
                                  "GITHUB_STEP_SUMMARY=" + summary.string());
  CHECK(many.exit_code == 1);
  std::size_t errors = 0;
  for (std::size_t at = many.out.find("::error "); at != std::string::npos;
       at = many.out.find("::error ", at + 1)) {
    ++errors;
  }
  CHECK(errors == 10);
  std::string markdown = read_file(summary);
  CHECK(markdown.find("| 24 | 0 | 0 | 0 |") != std::string::npos);
  CHECK(markdown.find("14 more annotations than GitHub shows per step") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = markdown.find("| `security.secret-in-env`"); at != std::string::npos;
       at = markdown.find("| `security.secret-in-env`", at + 1)) {
    ++rows;
  }
  CHECK(rows == 24);
}

TEST_CASE("a pathological pattern on a long value stays linear (RE2)", "[cli]") {
  TempDir dir;
  std::string pack =
      "apiVersion: infrac/v1\nkind: PolicyPack\nmetadata: {name: slow}\nrules:\n"
      "  - id: slow.nested-quantifier\n    category: other\n    description: x\n    rationale: x\n"
      "    help: x\n    for_each: env.*\n    assert:\n      - {path: value, not_matches: "
      "\"^(a+)+$\"}\n"
      "    message: \"{{key}}\"\n";
  auto seconds = [&](std::size_t length) {
    std::string users = read_file(base() / "services/users/service.yaml");
    users.replace(users.find("  datastores:"), 0,
                  "  env:\n    LONG: " + std::string(length, 'a') + "!\n");
    fs::path repo = repo_with(dir, {{"infrac.yaml", project_with_policies()},
                                    {"services/users/service.yaml", users},
                                    {"policies/slow.yaml", pack}});
    auto start = std::chrono::steady_clock::now();
    CommandResult r = run_infrac("check -q --root " + repo.string());
    CHECK(r.exit_code == 0);
    fs::remove_all(repo);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  double short_input = seconds(1000), long_input = seconds(60000);
  INFO("1,000 characters: " << short_input << " s; 60,000: " << long_input << " s");
  // A backtracking engine needs 2^60000 steps here; RE2 needs microseconds.
  CHECK(long_input < 2.0);
}
