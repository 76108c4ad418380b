// What an incremental build records of its output tree (driver/build_cache.h): the files it
// rewrote are stat'ed again, every other file keeps the state the last build recorded. Either
// way the record must be exact: the next run is a no-op, and touching any output is seen.
#include <catch2/catch.hpp>

#include <chrono>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

TEST_CASE("build record: after an incremental build, the next is a no-op and a touch is seen",
          "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo", out = dir.path / "out";
  fs::copy(source_dir() / "examples/acme", repo, fs::copy_options::recursive);
  fs::remove_all(repo / "out");
  std::string env = "XDG_CACHE_HOME=" + (dir.path / "cache").string();
  std::string build = "build --root " + repo.string() + " --out " + out.string();
  REQUIRE(run_infrac(build, env).exit_code == 0);
  std::string spec = read_file(repo / "services/drivers/service.yaml");
  REQUIRE(spec.find("LOG_FORMAT: json") != std::string::npos);
  spec.replace(spec.find("LOG_FORMAT: json"), 16, "LOG_FORMAT: text");
  write_file(repo / "services/drivers/service.yaml", spec);
  CommandResult inc = run_infrac(build, env);
  REQUIRE(inc.exit_code == 0);
  REQUIRE(inc.err.find("recompiled") != std::string::npos);
  CommandResult again = run_infrac(build, env);
  INFO(again.err);
  CHECK(again.err.find("nothing changed since the last build") != std::string::npos);

  // A file the incremental build kept (another service's), touched: not a no-op any more.
  fs::path kept;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    std::string p = e.path().generic_string();
    if (e.is_regular_file() && p.find("/users/") != std::string::npos) {
      kept = e.path();
      break;
    }
  }
  REQUIRE(!kept.empty());
  fs::last_write_time(kept, fs::last_write_time(kept) + std::chrono::seconds(3));
  CommandResult touched = run_infrac(build, env);
  INFO(touched.err);
  CHECK(touched.exit_code == 0);
  CHECK(touched.err.find("nothing changed since the last build") == std::string::npos);
  CHECK(run_infrac(build, env).err.find("nothing changed since the last build") !=
        std::string::npos);
}
