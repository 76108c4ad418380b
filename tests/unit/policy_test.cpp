// The policy engine's small parts: dates, paths, and the built-in packs loading cleanly.
#include <catch2/catch.hpp>

#include "base/source_files.h"
#include "policy/pack_loader.h"
#include "policy/policy.h"

using namespace infrac;

TEST_CASE("exception dates are calendar dates", "[policy]") {
  CHECK(parse_day("1970-01-01") == 0);
  CHECK(parse_day("1970-01-02") == 1);
  CHECK(parse_day("2026-11-22") == 20779);  // python3: (date(2026,11,22) - date(1970,1,1)).days
  CHECK(parse_day("2028-02-29").has_value());
  CHECK_FALSE(parse_day("2027-02-29"));
  CHECK_FALSE(parse_day("2026-13-01"));
  CHECK_FALSE(parse_day("2026-1-01"));
  CHECK_FALSE(parse_day("tomorrow"));
  CHECK_FALSE(parse_day(""));
}

TEST_CASE("paths split on dots", "[policy]") {
  CHECK(split_path("datastores.*.type") == std::vector<std::string>{"datastores", "*", "type"});
  CHECK(split_path("name") == std::vector<std::string>{"name"});
  CHECK(split_path(".").empty());
  CHECK(split_path("").empty());
}

TEST_CASE("the built-in packs load without a problem and cover the first-ask standards",
          "[policy]") {
  Project project;
  project.name = "corp";
  SourceFiles files;
  Diagnostics diagnostics;
  PolicyLoadOptions options;
  options.today = *parse_day("2026-11-22");
  Inputs inputs("/nonexistent-infrac-repository");
  PolicySet set = load_policies(project, inputs, files, diagnostics, options);
  CHECK(diagnostics.size() == 0);
  CHECK(set.packs.size() == builtin_pack_names().size());
  CHECK(set.rules.size() == 62);
  for (const char* id :
       {"datastore.approved", "naming.service-suffix", "url.internal-calls",
        "reliability.prod-replicas", "security.secret-in-env", "ownership.description",
        "kubernetes.pinned-image", "terraform.deletion-protection"}) {
    INFO(id);
    CHECK(set.rule(id) != nullptr);
  }
  for (const auto& r : set.rules) {
    INFO(r.id);
    CHECK(!r.rationale.empty());
    CHECK(!r.help.empty());
    CHECK(r.id.rfind(r.pack.substr(7) + ".", 0) == 0);  // infrac/<pack> owns <pack>.*
  }
}
