// The parsed-spec cache (spec/spec_cache.h) seen from the command line: a run served from it
// writes the same tree and reports the same diagnostics, carets included, as a run that
// parsed every spec; a damaged cache costs a parse, never a different result.
#include <catch2/catch.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[e.path().lexically_relative(root).generic_string()] = read_file(e.path());
  }
  return out;
}

std::vector<fs::path> entries(const fs::path& cache) {
  std::vector<fs::path> out;
  if (!fs::exists(cache / "infrac/specs")) return out;
  for (const auto& e : fs::recursive_directory_iterator(cache / "infrac/specs")) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

struct Repo {
  Repo() {
    fs::copy(source_dir() / "examples/acme", root, fs::copy_options::recursive);
    fs::remove_all(root / "out");
  }
  TempDir dir;
  fs::path root = dir.path / "repo";
  void edit(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = read_file(root / file);
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    write_file(root / file, text);
  }
};

}  // namespace

TEST_CASE("spec cache: an edit served from the cache builds what a full build does", "[cli]") {
  Repo repo;
  fs::path cache = repo.dir.path / "cache", out = repo.dir.path / "out";
  std::string env = "XDG_CACHE_HOME=" + cache.string();
  std::string build = "build --root " + repo.root.string() + " --out ";
  REQUIRE(run_infrac(build + out.string(), env).exit_code == 0);
  std::size_t stored = entries(cache).size();
  CHECK(stored == 10);  // infrac.yaml and nine specs
  repo.edit("services/drivers/service.yaml", "LOG_FORMAT: json", "LOG_FORMAT: text");
  CommandResult inc = run_infrac(build + out.string(), env);
  INFO(inc.err);
  REQUIRE(inc.exit_code == 0);
  CHECK(inc.err.find("recompiled") != std::string::npos);
  CHECK(entries(cache).size() == stored + 1);  // only the edited spec was parsed

  TempDir fresh;
  REQUIRE(run_infrac(build + (fresh.path / "out").string(),
                     "XDG_CACHE_HOME=" + (fresh.path / "cache").string())
              .exit_code == 0);
  CHECK(snapshot(out) == snapshot(fresh.path / "out"));

  // Every entry damaged: each spec is parsed again, and the same tree is written.
  for (const auto& e : entries(cache)) write_file(e, read_file(e).substr(0, 40) + "garbage");
  fs::path again = repo.dir.path / "again";
  REQUIRE(run_infrac(build + again.string(), env).exit_code == 0);
  CHECK(snapshot(again) == snapshot(out));
}

TEST_CASE("spec cache: diagnostics from a cached spec keep their file, line and column", "[cli]") {
  Repo repo;
  repo.edit("services/drivers/service.yaml", "replicas: 2", "replicas: two");
  repo.edit("services/drivers/service.yaml", "  tier: critical", "  tier: critical\n  owner: x");
  std::string check = "check --root " + repo.root.string();
  std::string env = "XDG_CACHE_HOME=" + (repo.dir.path / "cache").string();
  CommandResult parsed = run_infrac(check, env);
  REQUIRE(entries(repo.dir.path / "cache").size() == 10);
  CommandResult cached = run_infrac(check, env);
  CommandResult uncached = run_infrac(check, "XDG_CACHE_HOME= HOME=");
  INFO(parsed.err);
  CHECK(parsed.exit_code != 0);
  CHECK(parsed.err.find("services/drivers/service.yaml:") != std::string::npos);
  CHECK(cached.exit_code == parsed.exit_code);
  CHECK(cached.err == parsed.err);
  CHECK(uncached.err == parsed.err);
  CHECK(cached.out == parsed.out);
}

TEST_CASE("spec cache: a plan's base side reads the specs its head side stored", "[cli]") {
  GitRepo git;
  fs::path cache = git.dir.path / "cache";
  std::string env = "XDG_CACHE_HOME=" + cache.string();
  std::string plan = "plan --base HEAD --format json --root " + git.root.string();
  CommandResult first = run_infrac(plan, env);
  std::size_t stored = entries(cache).size();
  CHECK(stored == 3);  // infrac.yaml and two specs, read once for both sides
  git.edit("services/users/service.yaml", "Accounts and profiles.", "Accounts.");
  CommandResult warm = run_infrac(plan, env);
  CommandResult cold = run_infrac(plan, "XDG_CACHE_HOME=" + (git.dir.path / "cold").string());
  INFO(warm.err);
  CHECK(entries(cache).size() == stored + 1);
  CHECK(warm.exit_code == cold.exit_code);
  CHECK(warm.out == cold.out);
  CHECK(warm.err == cold.err);
  CHECK(first.exit_code == 0);
}
