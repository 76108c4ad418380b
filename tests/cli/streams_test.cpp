// Which stream carries what (docs/cli.md): results on stdout, progress and diagnostics on
// stderr, and -q leaves only errors on stderr without touching a result. `plan --base X >
// plan.txt` must hold the plan.
#include <catch2/catch.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// users runs three production replicas instead of two: a change, and nothing to warn about.
struct MoreReplicas : GitRepo {
  MoreReplicas() {
    edit("services/users/service.yaml", "components: {api: {replicas: 2}}",
         "components: {api: {replicas: 3}}");
    commit("more replicas");
  }
};

std::string acme() {
  return (source_dir() / "examples/acme").string();
}

}  // namespace

TEST_CASE("streams: the text plan is on stdout, so plan --base X > plan.txt holds it", "[cli]") {
  MoreReplicas repo;
  std::string root = " --root " + repo.root.string();
  fs::path file = repo.dir.path / "plan.txt";
  CommandResult redirected = run_infrac("plan --base HEAD~1" + root + " > " + file.string());
  INFO(redirected.err);
  REQUIRE(redirected.exit_code == 0);
  std::string plan = read_file(file);
  CHECK(plan.find("prod/users") != std::string::npos);
  CHECK(plan.find("Plan: ") != std::string::npos);
  CHECK(plan.find("\x1b[") == std::string::npos);  // stdout is a file: no colour
  CHECK(redirected.err.empty());

  // -q: nothing but errors on stderr, and the plan as it was.
  CommandResult quiet = run_infrac("plan -q --base HEAD~1" + root);
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out == plan);
  CHECK(quiet.err.empty());

  // Every format is a result.
  for (const char* format : {"json", "markdown"}) {
    INFO(format);
    CommandResult r = run_infrac("plan --base HEAD~1 --format " + std::string(format) + root);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("prod/users") != std::string::npos);
    CHECK(r.err.empty());
  }

  // What goes wrong stays on stderr, with nothing on stdout.
  CommandResult bad = run_infrac("plan --base no-such-ref" + root);
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("infrac: error: --base no-such-ref") != std::string::npos);
}

TEST_CASE("streams: init and new say what they created on stderr; -q says nothing", "[cli]") {
  TempDir dir;
  fs::path shop = dir.path / "shop";
  fs::create_directories(shop);
  CommandResult init = run_infrac("init " + shop.string());
  REQUIRE(init.exit_code == 0);
  CHECK(init.out.empty());
  CHECK(init.err.find("created " + (shop / "infrac.yaml").generic_string() + "\n") !=
        std::string::npos);
  CHECK(init.err.ends_with("next: infrac check\n"));

  CommandResult added = run_infrac("new service cart -q --root " + shop.string());
  CHECK(added.exit_code == 0);
  CHECK(added.out.empty());
  CHECK(added.err.empty());
  CHECK(fs::exists(shop / "services/cart/service.yaml"));

  fs::path other = dir.path / "other";
  fs::create_directories(other);
  CommandResult quiet = run_infrac("init -q " + other.string());
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
  CHECK(fs::exists(other / "infrac.yaml"));

  // An error is still said with -q.
  CommandResult again = run_infrac("init -q " + other.string());
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("already exists") != std::string::npos);
}

TEST_CASE("streams: check and build summarise on stderr, -q leaves only errors", "[cli]") {
  std::string now = "INFRAC_NOW=2026-11-22";
  CommandResult check = run_infrac("check -q --root " + acme(), now);
  CHECK(check.exit_code == 0);
  CHECK(check.out.empty());
  CHECK(check.err.empty());  // waived findings and the summary are not errors

  TempDir out;
  CommandResult build =
      run_infrac("build -q --out " + (out.path / "out").string() + " --root " + acme(), now);
  CHECK(build.exit_code == 0);
  CHECK(build.out.empty());
  CHECK(build.err.empty());
  CHECK(fs::exists(out.path / "out/terraform"));

  // A result stays on stdout with -q.
  CommandResult graph = run_infrac("graph -q --root " + acme(), now);
  CHECK(graph.exit_code == 0);
  CHECK(graph.out.rfind("graph LR\n", 0) == 0);
  CHECK(graph.err.empty());
}
