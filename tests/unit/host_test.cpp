// base/host.h: the library reaches the environment, the clock, programs and the repository's
// files only through the host it is given. Each test passes a fake one (fake_host.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "base/cache_dir.h"
#include "driver/cli_host.h"
#include "fake_host.h"
#include "pipeline/compile.h"
#include "plan/git_tree.h"
#include "policy/policy.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

// Nowhere on the disk: every read must come from the fake host.
const fs::path kRoot = "/infrac-in-memory/repo";

// tests/corpus/base in memory, with an exception for users that expires on 2026-06-15.
void corpus_in_memory(FakeHost& fake) {
  fake.copy_tree(source_dir() / "tests/corpus/base", kRoot);
  fake.files[(kRoot / "policies/exceptions.yaml").string()] =
      "apiVersion: infrac/v1\nkind: Exceptions\nexceptions:\n  - rule: reliability.health-path\n"
      "    services: [users]\n    reason: migrating\n    owner: core\n    expires: 2026-06-15\n";
}

std::unique_ptr<Compilation> compile_with(FakeHost& fake, Stage stop_after) {
  CompileOptions options;
  options.root = kRoot;
  options.host = fake.host();
  options.stop_after = stop_after;
  options.jobs = 2;
  return compile(options);
}

std::vector<std::string> codes(const Compilation& c) {
  std::vector<std::string> out;
  for (const auto& d : c.diagnostics.sorted(c.files)) out.emplace_back(info(d.code).code);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Sets an environment variable for one scope (the test proves the library ignores it).
struct ScopedEnv {
  std::string name;
  std::optional<std::string> saved;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* old = std::getenv(name.c_str())) saved = old;
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (saved) {
      ::setenv(name.c_str(), saved->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
};

}  // namespace

TEST_CASE("host: an exception expires by the host's date, not the machine's", "[host]") {
  // The process environment says another date: the library must not read it.
  ScopedEnv machine("INFRAC_NOW", "2030-01-01");
  FakeHost fake;
  corpus_in_memory(fake);

  fake.today = *parse_day("2026-06-14");  // the day before it expires
  auto before = compile_with(fake, Stage::Policy);
  INFO(before->diagnostics.size());
  CHECK_FALSE(has(codes(*before), "E0208"));
  REQUIRE(before->policies.exceptions.size() == 1);
  CHECK_FALSE(before->policies.exceptions.front().expired);

  fake.today = *parse_day("2026-06-16");  // the day after
  auto after = compile_with(fake, Stage::Policy);
  CHECK(has(codes(*after), "E0208"));
  REQUIRE(after->policies.exceptions.size() == 1);
  CHECK(after->policies.exceptions.front().expired);

  // Further than the project allows (180 days) from the host's date: an error.
  fake.today = *parse_day("2025-06-01");
  CHECK(has(codes(*compile_with(fake, Stage::Policy)), "E0207"));
}

TEST_CASE("host: a repository held in memory compiles, and its reads are recorded", "[host]") {
  FakeHost fake;
  corpus_in_memory(fake);
  fake.today = *parse_day("2026-06-01");
  auto c = compile_with(fake, Stage::Emit);
  // Only a warning: users declares its health path, so the exception waives nothing (E0212).
  CHECK(codes(*c) == std::vector<std::string>{"E0212"});
  REQUIRE(c->model);
  CHECK(c->model->targets.size() == 4);  // users and web in dev and prod
  CHECK_FALSE(c->output.empty());
  InputRecord record = c->inputs.record();
  CHECK(record.count("infrac.yaml"));
  CHECK(record.count("services/users/service.yaml"));
  CHECK(record.count("policies/exceptions.yaml"));
  CHECK(record.at("services/") == "d\tusers/\tweb/");
  // The record restates through the same host: nothing changed, nothing differs.
  CHECK(restate_inputs(fake.host(), kRoot, record) == record);
  fake.files[(kRoot / "services/web/service.yaml").string()] += "\n";
  CHECK(changed_input_paths(record, restate_inputs(fake.host(), kRoot, record)) ==
        std::vector<std::string>{"services/web/service.yaml"});
}

TEST_CASE("host: the plan's git runs through the host's programs", "[host]") {
  TempDir dir;
  FakeHost fake;
  fake.temp_dir = dir.path / "scratch";
  fs::create_directories(fake.temp_dir);
  fake.program = [](const std::vector<std::string>& argv) {
    ProcessResult r;
    r.exit_code = 0;
    std::vector<std::string> args(argv.begin() + std::min<std::size_t>(3, argv.size()), argv.end());
    if (argv[0] == "git" && args == std::vector<std::string>{"rev-parse", "--show-prefix"})
      r.out = "infra/\n";
    if (argv[0] == "git" && args == std::vector<std::string>{"rev-parse", "--show-toplevel"})
      r.out = "/checkout\n";
    if (argv[0] == "git" && args[0] == "rev-parse" && args[1] == "--verify")
      r.exit_code = args[3] == "main^{commit}" ? 0 : 1;
    return r;
  };
  const fs::path scratch = fake.temp_dir;
  {
    ExportedTree tree = export_ref(fake.host(), "/checkout/infra", "main");
    CHECK(tree.error == "");
    CHECK(tree.directory == scratch / "repo");
  }
  std::string archive = (scratch / "tree.tar").string();
  using Argv = std::vector<std::string>;
  CHECK(fake.ran ==
        std::vector<Argv>{
            {"git", "-C", "/checkout/infra", "rev-parse", "--show-prefix"},
            {"git", "-C", "/checkout/infra", "rev-parse", "--verify", "--quiet", "main^{commit}"},
            {"git", "-C", "/checkout/infra", "cat-file", "-e", "main:infra/infrac.yaml"},
            {"git", "-C", "/checkout/infra", "rev-parse", "--show-toplevel"},
            {"git", "-C", "/checkout", "archive", "--format=tar", "--output=" + archive,
             "main:infra/"},
            {"tar", "-x", "-f", archive, "-C", (scratch / "repo").string()},
        });

  fake.ran.clear();
  CHECK(export_ref(fake.host(), "/checkout/infra", "gone").error == "git knows no commit 'gone'");
  CHECK(fake.ran.size() == 2);
  fake.ran.clear();
  CHECK_FALSE(export_ref(fake.host(), "/checkout/infra", "--upload-pack=x").error.empty());
  CHECK(fake.ran.empty());  // refused before any program runs
}

TEST_CASE("host: the cache folder comes from the host's environment", "[host]") {
  FakeHost fake;
  CHECK_FALSE(infrac_cache_dir(fake.host()));
  fake.env["HOME"] = "/home/dev";
  CHECK(infrac_cache_dir(fake.host()) == fs::path("/home/dev/.cache/infrac"));
  fake.env["XDG_CACHE_HOME"] = "";  // empty is unset
  CHECK(infrac_cache_dir(fake.host()) == fs::path("/home/dev/.cache/infrac"));
  fake.env["XDG_CACHE_HOME"] = "/cache";
  CHECK(infrac_cache_dir(fake.host()) == fs::path("/cache/infrac"));
}

TEST_CASE("host: the command line pins the clock from the host's INFRAC_NOW", "[host]") {
  FakeHost fake;
  fake.today = 7;
  fake.now_unix = 99;
  Host free_running = with_pinned_clock(fake.host());
  CHECK(free_running.today() == 7);
  CHECK(free_running.now_unix() == 99);
  fake.env["INFRAC_NOW"] = "2026-11-22";
  fake.env["INFRAC_NOW_UNIX"] = "1234";
  Host pinned = with_pinned_clock(fake.host());
  fake.today = 8;  // read once: the run keeps one date
  CHECK(pinned.today() == 20779);
  CHECK(pinned.now_unix() == 1234);
  fake.env["INFRAC_NOW"] = "not a date";
  CHECK(with_pinned_clock(fake.host()).today() == 8);
}

TEST_CASE("host: the real host reads the machine", "[host]") {
  Host real = real_host();
  ScopedEnv set("INFRAC_HOST_TEST", "yes");
  CHECK(real.env("INFRAC_HOST_TEST") == "yes");
  CHECK_FALSE(real.env("INFRAC_HOST_TEST_UNSET_VARIABLE"));
  CHECK(real.today() > *parse_day("2026-01-01"));
  CHECK(real.now_unix() / 86400 >= real.today() - 1);
  ProcessOptions capture;
  capture.capture_stdout = true;
  CHECK(real.run_process({"printf", "x"}, capture).out == "x");
  fs::path scratch = real.make_temp_dir("infrac-host-test");
  REQUIRE_FALSE(scratch.empty());
  CHECK(fs::is_directory(scratch));
  std::optional<std::vector<DirEntry>> listed = real.list_dir(scratch);
  REQUIRE(listed);
  CHECK(listed->empty());
  fs::remove_all(scratch);
  CHECK_FALSE(real.list_dir(scratch));
}
