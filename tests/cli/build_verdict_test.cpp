// An incremental build reports the verdict a full check gives, for every target, also the
// ones it does not recompile (their last verdict replayed, or judged again: the rules on
// generated objects included), and stops on the errors a full check has. The cases are those
// where the recompiled targets and the verdict part ways: a policy pack kept under
// services/<S>/ (its edit looks like that service's), a rule on generated objects of a target
// not recompiled, an exception that stops waiving anything.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// "rule target file:line" of every finding not waived, and the diagnostics' codes.
std::multiset<std::string> verdict(const CommandResult& r) {
  std::multiset<std::string> out;
  auto j = nlohmann::json::parse(r.out);
  for (const auto& v : j["violations"]) {
    if (v["waived"].get<bool>()) continue;
    out.insert(v["rule"].get<std::string>() + " " + v["target"].get<std::string>() + " " +
               v["file"].get<std::string>() + ":" + std::to_string(v["line"].get<int>()));
  }
  for (const auto& d : j["diagnostics"]) out.insert(d["code"].get<std::string>());
  return out;
}

const char* kPack = R"(apiVersion: infrac/v1
kind: PolicyPack
metadata: {name: beside-users, description: Rules kept in a service's folder.}
parameters: {}
rules:
  - id: beside.geo-image
    category: security
    severity: warning
    description: The geo image is reviewed by hand.
    rationale: It bundles map data under its own licence.
    help: Ask the maps team.
    subject: kubernetes
    kinds: [Deployment]
    for_each: pod.containers.*
    when:
      - {path: image, matches: geo}
    assert:
      - {path: image, not_matches: geo}
    message: "geo image {{value}}"
)";

const char* kServiceRule = R"(  - id: beside.no-geo
    category: naming
    severity: error
    description: No service is called geo.
    rationale: The name is taken by the maps vendor.
    help: Rename it.
    assert:
      - {path: name, not_equals: geo}
    message: "a service named geo"
)";

}  // namespace

TEST_CASE("an incremental build reports a full check's verdict", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "examples/acme", repo, fs::copy_options::recursive);
  fs::remove_all(repo / "out");
  fs::create_directories(repo / "services/users/policies");
  write_file(repo / "services/users/policies/beside.yaml", kPack);
  std::string project = read_file(repo / "infrac.yaml");
  const std::string from = "policies: [infrac/baseline, ./policies]";
  REQUIRE(project.find(from) != std::string::npos);
  project.replace(project.find(from), from.size(),
                  "policies: [infrac/baseline, ./policies, ./services/users/policies]");
  write_file(repo / "infrac.yaml", project);
  std::string env = "XDG_CACHE_HOME=" + (dir.path / "cache").string();
  std::string build =
      "build --format json --root " + repo.string() + " --out " + (dir.path / "out").string();
  std::string check = "check --format json --root " + repo.string();
  REQUIRE(run_infrac(build, env).exit_code == 0);

  auto same_as_check = [&](const char* what, bool recompiled_some) {
    CommandResult b = run_infrac(build, env);
    CommandResult c = run_infrac(check, "XDG_CACHE_HOME=" + (dir.path / "check-cache").string());
    INFO(what << "\nbuild: " << b.out << b.err << "\ncheck: " << c.out << c.err);
    CHECK(b.exit_code == c.exit_code);
    CHECK(verdict(b) == verdict(c));
    if (recompiled_some) CHECK(b.out.find("\"compiled\": 0") == std::string::npos);
    return b.exit_code;
  };
  // Another service's edit: geo is not recompiled; its Deployment's warning is still reported.
  std::string spec = read_file(repo / "services/notifications/service.yaml");
  write_file(repo / "services/notifications/service.yaml", spec + "# a comment\n");
  CHECK(same_as_check("a service edited", true) == 0);
  auto said = verdict(run_infrac(build, env));  // the no-op replays what the build recorded
  CHECK(std::count_if(said.begin(), said.end(), [](const std::string& f) {
          return f.starts_with("beside.geo-image prod/geo ");
        }) == 1);
  // The exception for admin's own .tf files waives nothing once they are gone (E0212).
  fs::remove_all(repo / "services/admin/terraform");
  same_as_check("an exception left unused", true);
  // A rule added to the pack beside users: every target's verdict changes, errors stop the build.
  write_file(repo / "services/users/policies/beside.yaml", std::string(kPack) + kServiceRule);
  CHECK(same_as_check("a rule added to a pack under services/", false) == 1);
}
