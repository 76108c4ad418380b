// The cloud APIs' documented rules that no provider schema can see, encoded as tests of the
// tables and lowering that must obey them. Each rule names its source.
// Tests stdlib/clouds/gcp.yaml (resolve/cloud_tables.h) and lower/gcp_lower.cpp.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "base/regex.h"
#include "resolve/cloud_tables.h"

using namespace infrac;

namespace {

// https://cloud.google.com/sql/docs/postgres/instance-settings ("Custom machine types"):
// 1 vCPU or an even number up to 96; memory 0.9 to 6.5 GiB per vCPU, a multiple of 256 MiB,
// at least 3840 MiB.
bool valid_enterprise_custom(const std::string& tier) {
  static const Regex custom = builtin_regex("db-custom-([0-9]+)-([0-9]+)");
  if (!custom.full_match(tier)) return false;
  std::string rest = tier.substr(std::string("db-custom-").size());
  int cpus = std::atoi(rest.c_str());
  long mib = std::atol(rest.substr(rest.find('-') + 1).c_str());
  bool cpus_ok = cpus == 1 || (cpus % 2 == 0 && cpus <= 96);
  double per_cpu_gib = static_cast<double>(mib) / 1024.0 / cpus;
  return cpus_ok && mib % 256 == 0 && mib >= 3840 && per_cpu_gib >= 0.9 && per_cpu_gib <= 6.5;
}

// https://cloud.google.com/sql/docs/postgres/editions-intro: Enterprise Plus runs on
// performance-optimized machines (db-perf-optimized-N-<vCPU>, 2 to 128 vCPUs) and offers no
// shared-core or custom tiers; Enterprise offers shared-core and custom tiers.
bool valid_enterprise_plus(const std::string& tier) {
  static const Regex perf = builtin_regex("db-perf-optimized-N-(2|4|8|16|32|48|64|80|96|128)");
  return perf.full_match(tier);
}

bool shared_core(const std::string& tier) {
  return tier == "db-f1-micro" || tier == "db-g1-small";
}

}  // namespace

TEST_CASE("Cloud SQL: every size of each edition is a tier that edition offers", "[clouds]") {
  const CloudTable& gcp = cloud_table(Cloud::Gcp);
  const auto& enterprise = gcp.sizes.at("postgres");
  const auto& plus = gcp.sizes.at("postgres-enterprise-plus");
  for (const auto& [size, tier] : enterprise) {
    INFO(size << " -> " << tier);
    CHECK((shared_core(tier) || valid_enterprise_custom(tier)));
  }
  for (const auto& [size, tier] : plus) {
    INFO(size << " -> " << tier);
    CHECK(valid_enterprise_plus(tier));
  }
  // Sizes from medium up exist in both editions, so switching edition never needs a new size.
  for (const char* size : {"medium", "large", "xlarge"}) {
    CHECK(enterprise.count(size) == 1);
    CHECK(plus.count(size) == 1);
    CHECK_FALSE(shared_core(enterprise.at(size)));
  }
  // The rules themselves refuse what the API refuses.
  CHECK_FALSE(valid_enterprise_custom("db-custom-3-7680"));   // odd vCPU count
  CHECK_FALSE(valid_enterprise_custom("db-custom-2-15360"));  // 7.5 GiB per vCPU
  CHECK_FALSE(valid_enterprise_plus("db-custom-2-7680"));
  CHECK_FALSE(valid_enterprise_plus("db-g1-small"));
}
