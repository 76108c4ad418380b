// One source of facts, end to end: whatever a compile reads is an input of the build cache and
// of the plan (base/inputs.h), and a selection (--service, --env) is a view of the whole
// model, so facts across services keep their verdict (pipeline/compile.h).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

void copy_base(const fs::path& repo) {
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), to);
  write_file(file, text);
}

std::string org_pack(const std::string& allowed_types, const std::string& name = "org") {
  return "apiVersion: infrac/v1\nkind: PolicyPack\nmetadata:\n  name: " + name +
         "\n"
         "  description: The organisation's own rules.\nparameters: {}\nrules:\n"
         "  - id: " +
         name +
         ".component-types\n    category: reliability\n    severity: error\n"
         "    description: Components are of the kinds the platform runs.\n"
         "    rationale: Others have no runbook.\n    help: Use an approved kind.\n"
         "    for_each: components.*\n    assert:\n"
         "      - {path: type, matches: \"" +
         allowed_types +
         "\"}\n    message: \"component {{key}} is of a kind the platform does not run\"\n";
}

}  // namespace

TEST_CASE("inputs: a pack folder spec.policies names is an input of build and plan", "[cli]") {
  GitRepo repo;
  std::string project = read_file(repo.root / "infrac.yaml");
  write_file(repo.root / "infrac.yaml",
             project + "  policies: [infrac/baseline, ./platform/policies]\n");
  write_file(repo.root / "platform/policies/org.yaml", org_pack("^http$"));
  repo.commit("an organisation pack");
  TempDir work;
  std::string env = "XDG_CACHE_HOME=" + (work.path / "cache").string();
  std::string build =
      "build --root " + repo.root.string() + " --out " + (work.path / "out").string();
  CommandResult first = run_infrac(build, env);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(run_infrac(build, env).err.find("nothing changed since the last build") !=
        std::string::npos);

  // A rule edit in that folder makes every service fail: check and build agree.
  replace_in(repo.root / "platform/policies/org.yaml", "^http$", "^worker$");
  CommandResult check = run_infrac("check --root " + repo.root.string());
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("org.component-types") != std::string::npos);
  CommandResult again = run_infrac(build, env);
  INFO(again.err);
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("nothing changed") == std::string::npos);
  CHECK(again.err.find("org.component-types") != std::string::npos);

  // The plan of that edit sees the pack file as a shared input that changed.
  repo.commit("tighten the pack");
  CommandResult plan =
      run_infrac("plan --base HEAD~1 --head HEAD --format json --root " + repo.root.string());
  INFO(plan.err << plan.out);
  bool named = false;
  json plan_json = json::parse(plan.out);
  for (const auto& risk : plan_json["risks"]) {
    named = named || risk["message"].get<std::string>().find(
                         "shared inputs changed (platform/policies/org.yaml)") == 0;
  }
  CHECK(named);

  // A pack file added to the folder is an input too (the folder's listing was read).
  replace_in(repo.root / "platform/policies/org.yaml", "^worker$", "^http$");
  REQUIRE(run_infrac(build, env).exit_code == 0);
  write_file(repo.root / "platform/policies/more.yaml", org_pack("^cron$", "more"));
  CommandResult added = run_infrac(build, env);
  CHECK(added.exit_code == 1);
  CHECK(added.err.find("more.component-types") != std::string::npos);
}

TEST_CASE("inputs: a misspelt or outside pack folder is an error, not an empty pack", "[cli]") {
  // A plan compiles the base commit's tree, which holds only the repository: a folder
  // outside it could not be read as the base had it.
  TempDir dir;
  fs::path repo = dir.path / "repo";
  copy_base(repo);
  std::string project = read_file(repo / "infrac.yaml");
  write_file(repo / "infrac.yaml", project + "  policies: [infrac/baseline, ./platform/polices]\n");
  CommandResult r = run_infrac("check --root " + repo.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("spec.policies names './platform/polices', which is not a folder") !=
        std::string::npos);
  write_file(repo / "infrac.yaml",
             project + "  policies: [infrac/baseline, ./x/../../elsewhere]\n");
  r = run_infrac("check --root " + repo.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error[E0111]") != std::string::npos);
}

// check --service S --env E gives S in E exactly the findings a full check gives it, for every
// S and E, in a repository whose rules across services fail (two services claim one public
// route; one calls another through its public URL).
TEST_CASE("selection: check of one service gives the verdict of a full check", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  copy_base(repo);
  fs::create_directories(repo / "services/shop");
  std::string shop = read_file(repo / "services/web/service.yaml");
  shop.replace(shop.find("name: web"), 9, "name: shop");
  shop.replace(shop.find("team: web"), 9, "team: core");
  write_file(repo / "services/shop/service.yaml", shop);
  replace_in(repo / "services/users/service.yaml",
             "  datastores:", "  env:\n    SITE: https://www.corp.example/\n  datastores:");
  CommandResult full = run_infrac("check --format json --root " + repo.string());
  REQUIRE(full.exit_code == 1);
  json all = json::parse(full.out)["violations"];
  std::set<std::string> failing;
  for (const auto& v : all) {
    if (v["severity"] == "error" && !v["waived"].get<bool>())
      failing.insert(v["target"].get<std::string>());
  }
  CHECK(failing.size() >= 3);  // shop's route in both environments, users' call
  for (const char* env : {"dev", "prod"}) {
    for (const char* service : {"users", "web", "shop"}) {
      std::string target = std::string(env) + "/" + service;
      INFO(target);
      CommandResult one = run_infrac("check --format json --env " + std::string(env) +
                                     " --service " + service + " --root " + repo.string());
      json mine = json::array();
      for (const auto& v : all) {
        if (v["target"] == target) mine.push_back(v);
      }
      CHECK(json::parse(one.out)["violations"] == mine);
      CHECK(one.exit_code == (failing.count(target) ? 1 : 0));
    }
  }
}

// A build with warnings is remembered with what it said: the no-op path replays the same
// report (text with and without -q, JSON) instead of compiling again to say it.
TEST_CASE("speed: a warning does not turn a no-op build into a rebuild", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  copy_base(repo);
  replace_in(repo / "services/users/service.yaml", "  description: Accounts and profiles.\n", "");
  std::string env = "XDG_CACHE_HOME=" + (dir.path / "cache").string();
  std::string build = "build --root " + repo.string() + " --out " + (dir.path / "out").string();
  CommandResult first = run_infrac(build, env);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(first.err.find("warning[ownership.description]") != std::string::npos);
  CommandResult again = run_infrac(build, env);
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("nothing changed since the last build") != std::string::npos);
  // The same findings, byte for byte, before the summary line.
  std::string said = first.err.substr(0, first.err.find("infrac: built"));
  CHECK(again.err.substr(0, again.err.find("infrac: built")) == said);
  CHECK(run_infrac(build + " -q", env).err.empty());  // -q: no warning, no summary
  // Another --out is another build: compiled in full, the reference for the replay.
  json full = json::parse(run_infrac("build --format json --root " + repo.string() + " --out " +
                                         (dir.path / "out2").string(),
                                     env)
                              .out);
  json replayed = json::parse(run_infrac(build + " --format json", env).out);
  CHECK(replayed["files"]["written"] == 0);
  CHECK(replayed["compiled"] == 0);  // the same document shape as a full build's
  CHECK(replayed["violations"] == full["violations"]);
  CHECK(!replayed["violations"].empty());
  CHECK(replayed["summary"]["warnings"] == full["summary"]["warnings"]);
}
