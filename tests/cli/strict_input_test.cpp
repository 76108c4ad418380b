// What a new user meets first: the CLI's answers to a misspelt command, help, --version and
// `explain CODE`; `new service --team` checked against the project's teams; shared secrets
// accepted only for the services they are shared with; unused exceptions reported only after
// a run over every target; a project in a subdirectory of its git repository.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../unit/support.h"
#include "base/diagnostic.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {
std::string base_copy(const TempDir& dir) {
  fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
  return dir.path.string();
}
}  // namespace

TEST_CASE("an unknown command names the nearest one and exits 2", "[cli]") {
  CommandResult r = run_infrac("chek");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("infrac: error: unknown command 'chek'") != std::string::npos);
  CHECK(r.err.find("did you mean 'check'?") != std::string::npos);
  CHECK(run_infrac("zzzzzz").err.find("commands: check, build") != std::string::npos);
}

TEST_CASE("help, help COMMAND and --version answer instead of 'a subcommand is required'",
          "[cli]") {
  CommandResult help = run_infrac("help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage: infrac") != std::string::npos);
  CommandResult help_check = run_infrac("help check");
  CHECK(help_check.exit_code == 0);
  CHECK(help_check.out.find("--terraform") != std::string::npos);
  CHECK(run_infrac("help nonsense").exit_code == 2);
  CommandResult version = run_infrac("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.starts_with("infrac "));
  CHECK(version.out.find("tzdata") != std::string::npos);
}

TEST_CASE("explain CODE explains every diagnostic code, with the text of docs/diagnostics.md",
          "[cli]") {
  std::string doc = read_file(source_dir() / "docs/diagnostics.md");
  for (const auto& info : infrac::all_diag_codes()) {
    INFO(info.code);
    CommandResult r = run_infrac("explain " + std::string(info.code));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(std::string(info.summary)) != std::string::npos);
    CHECK(r.out.find("How to fix: " + std::string(info.fix)) != std::string::npos);
    CHECK(doc.find(std::string(info.fix)) != std::string::npos);
  }
  CommandResult unknown = run_infrac("explain E0999");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no diagnostic code 'E0999'") != std::string::npos);
}

TEST_CASE("the README's common flags work on the policy commands and explain", "[cli]") {
  std::string acme = (source_dir() / "examples/acme").string();
  CHECK(run_infrac("policy test --no-color -q " + acme).exit_code == 0);
  CHECK(run_infrac("policy list --no-color --root " + acme).exit_code == 0);
  CHECK(run_infrac("explain datastore.approved --no-color -q --root " + acme).exit_code == 0);
  CHECK(run_infrac("version -q").exit_code == 0);
}

TEST_CASE("new service --team must be one of spec.teams", "[cli]") {
  TempDir dir;
  std::string root = base_copy(dir);
  CommandResult bad = run_infrac("new service orders --team commerce --root " + root);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("team 'commerce' is not in spec.teams") != std::string::npos);
  CHECK(bad.err.find("teams: core, web") != std::string::npos);
  CHECK(!fs::exists(dir.path / "services/orders"));
  CommandResult near = run_infrac("new service orders --team cor --root " + root);
  CHECK(near.err.find("did you mean 'core'?") != std::string::npos);
  // The default owner (platform) is not a team here either: the help asks for --team.
  CommandResult defaulted = run_infrac("new service orders --root " + root);
  CHECK(defaulted.exit_code == 2);
  CHECK(defaulted.err.find("pass --team TEAM") != std::string::npos);
  CommandResult good = run_infrac("new service orders --team core --root " + root);
  CHECK(good.exit_code == 0);
  CHECK(run_infrac("check --root " + root).exit_code == 0);
}

TEST_CASE("a shared secret key is readable by the services it is shared with, and only them",
          "[cli]") {
  TempDir dir;
  std::string root = base_copy(dir);
  std::string project = read_file(dir.path / "infrac.yaml");
  write_file(
      dir.path / "infrac.yaml",
      project + "  secrets:\n    shared:\n      - {key: shared/sentry-dsn, services: [users]}\n");
  std::string users = read_file(dir.path / "services/users/service.yaml");
  users.replace(users.find("  datastores:"), 0,
                "  secrets:\n    SENTRY_DSN: {key: shared/sentry-dsn}\n"
                "    SESSION_KEY: {key: users/session}\n");
  write_file(dir.path / "services/users/service.yaml", users);
  CommandResult ok = run_infrac("check --root " + root);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);

  std::string web = read_file(dir.path / "services/web/service.yaml");
  web.replace(web.find("  dependencies:"), 0,
              "  secrets:\n    SENTRY_DSN: {key: shared/sentry-dsn}\n"
              "    SESSION_KEY: {key: users/session}\n");
  write_file(dir.path / "services/web/service.yaml", web);
  CommandResult bad = run_infrac("check --format json --root " + root);
  CHECK(bad.exit_code == 1);
  auto report = nlohmann::json::parse(bad.out);
  std::vector<std::string> messages;
  for (const auto& d : report["diagnostics"]) {
    if (d["code"] == "E0140") messages.push_back(d["message"]);
  }
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].find("shares with other services only") != std::string::npos);
  CHECK(messages[1].find("belongs to service 'users'") != std::string::npos);
}

TEST_CASE("an exception that waived nothing is a warning after a whole run only", "[cli]") {
  TempDir dir;
  std::string root = base_copy(dir);
  std::string project = read_file(dir.path / "infrac.yaml");
  write_file(dir.path / "infrac.yaml", project + "  policies: [infrac/baseline, ./policies]\n");
  write_file(dir.path / "policies/exceptions.yaml",
             "apiVersion: infrac/v1\nkind: Exceptions\nexceptions:\n"
             "  - rule: security.secret-in-env\n    services: [users]\n"
             "    reason: the admin password moves to the secret manager\n"
             "    owner: core\n    expires: 2026-12-31\n");
  CommandResult whole = run_infrac("check --root " + root, "INFRAC_NOW=2026-11-22");
  CHECK(whole.exit_code == 0);
  CHECK(whole.err.find("warning[E0212]: exception for security.secret-in-env waived nothing") !=
        std::string::npos);
  CommandResult part = run_infrac("check --service web --root " + root, "INFRAC_NOW=2026-11-22");
  CHECK(part.exit_code == 0);
  CHECK(part.err.find("E0212") == std::string::npos);
}

TEST_CASE("plan and ci targets work for a project in a subdirectory of its repository", "[cli]") {
  GitRepo repo;
  fs::create_directories(repo.root / "platform");
  for (const char* entry : {"infrac.yaml", "services"}) {
    fs::rename(repo.root / entry, repo.root / "platform" / entry);
  }
  repo.commit("move the project to platform/");
  repo.edit("platform/services/users/service.yaml", "image: \"users:1.0.0@",
            "image: \"users:1.1.0@");
  repo.commit("users 1.1.0");
  std::string root = (repo.root / "platform").string();
  CommandResult targets = run_infrac("ci targets --base HEAD~1 --head HEAD --root " + root);
  INFO(targets.err);
  REQUIRE(targets.exit_code == 0);
  auto json = nlohmann::json::parse(targets.out);
  CHECK(json["targets"].size() == 2);
  CommandResult plan = run_infrac("plan --base HEAD~1 --head HEAD --format json --root " + root);
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("\"prod/users\"") != std::string::npos);
}
