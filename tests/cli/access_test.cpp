// `infrac access`: every example and a generated 200-service repository, evaluated as the
// cluster would evaluate their NetworkPolicies: no need blocked, no path to a service that is
// not a dependency.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

void check_clean(const fs::path& root, const std::string& env) {
  CommandResult r = run_infrac("access " + env + " --format json --root " + root.string());
  INFO(root.string() << " " << env << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["blocked_needs"].empty());
  CHECK(j["to_non_dependencies"].empty());
  CHECK(j["workloads"].get<int>() > 0);
  CHECK(!j["open"].empty());
}

}  // namespace

TEST_CASE("access: the examples block no need and open nothing else", "[cli]") {
  for (const char* example : {"examples/acme", "examples/shop-gcp", "examples/score"}) {
    for (const char* env : {"dev", "prod"}) check_clean(source_dir() / example, env);
  }
}

TEST_CASE("access: a generated repository of 200 services", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  std::string generate = "python3 " + (source_dir() / "bench/gen_repo.py").string() + " 200 " +
                         repo.string() + " >/dev/null";
  REQUIRE(std::system(generate.c_str()) == 0);
  check_clean(repo, "prod");
}

TEST_CASE("access: a service narrows the report; an unknown one is a usage error", "[cli]") {
  fs::path acme = source_dir() / "examples/acme";
  CommandResult r = run_infrac("access dev users --format json --root " + acme.string());
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);  // kept: a range over a temporary's member would dangle
  for (const auto& p : report["open"]) {
    std::string from = p["from"], to = p["to"];
    CHECK((from.rfind("users/", 0) == 0 || to.rfind("users/", 0) == 0));
  }
  CHECK(run_infrac("access dev nobody --root " + acme.string()).exit_code == 2);
}
