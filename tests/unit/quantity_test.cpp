// CPU and memory quantities (spec/quantity.h): what Kubernetes would read, the ranges, the
// value most likely meant; and regions per cloud with their suggestions (resolve/regions.h).
#include <catch2/catch.hpp>

#include "resolve/regions.h"
#include "spec/quantity.h"

using namespace infrac;

namespace {
std::string problem(std::optional<ValueProblem> p) {
  return p ? p->message : "";
}
}  // namespace

TEST_CASE("quantity: CPU as cores or millicores, in range") {
  CHECK(cpu_millicores("250m") == 250);
  CHECK(cpu_millicores("1.5") == 1500);
  CHECK(cpu_millicores("0.25") == 250);
  CHECK(cpu_millicores("2") == 2000);
  CHECK(!cpu_millicores("1.2345"));
  CHECK(!cpu_millicores("1.5m"));
  CHECK(!cpu_millicores(""));
  for (const char* ok : {"1m", "250m", "0.001", "1", "64", "64000m"}) {
    INFO(ok);
    CHECK(!check_cpu(ok));
  }
  CHECK(problem(check_cpu("250")) ==
        "'250' is 250 cores, more than the 64 one container may ask for; did you mean 250m?");
  CHECK(problem(check_cpu("64001m")) ==
        "'64001m' is 64.001 cores, more than the 64 one container may ask for");
  CHECK(problem(check_cpu("0m")) == "'0m' is no CPU at all");
  CHECK(problem(check_cpu("0.0")) == "'0.0' is no CPU at all");
  CHECK(problem(check_cpu("500Mi")) ==
        "'500Mi' is a memory unit; CPU is counted in cores; did you mean 500m?");
  CHECK(problem(check_cpu("half")) == "'half' is not a CPU quantity");
}

TEST_CASE("quantity: memory as a whole number of bytes or a unit, in range") {
  CHECK(memory_bytes("256Mi") == 256LL << 20);
  CHECK(memory_bytes("1G") == 1000000000LL);
  CHECK(memory_bytes("512") == 512);
  CHECK(memory_bytes("9999999999999T") > kMaxMemoryBytes);  // saturates, no overflow
  CHECK(!memory_bytes("1.5Gi"));
  for (const char* ok : {"6Mi", "256Mi", "1Gi", "500M", "1Ti", "6291456"}) {
    INFO(ok);
    CHECK(!check_memory(ok));
  }
  CHECK(problem(check_memory("256")) == "'256' is 256 bytes; did you mean 256Mi?");
  CHECK(problem(check_memory("5Mi")) == "'5Mi' is below the 6Mi a container needs");
  CHECK(problem(check_memory("256Ti")) ==
        "'256Ti' is more than the 1Ti one container may hold; did you mean 256Gi?");
  CHECK(problem(check_memory("256m")) ==
        "'256m' is 256 thousandths of a byte (m is milli); did you mean 256Mi?");
  CHECK(problem(check_memory("256MB")) == "'256MB' is not a memory quantity; did you mean 256Mi?");
  CHECK(problem(check_memory("512mi")) == "'512mi' is not a memory quantity; did you mean 512Mi?");
  CHECK(problem(check_memory("1.5Gi")) == "'1.5Gi' is not a whole number");
}

TEST_CASE("quantity: a number YAML read as one gets the quoted value most likely meant") {
  CHECK(quantity_number_help("cpu", "250", false) ==
        "quote it: cpu: \"250m\" (250 alone is 250 cores)");
  CHECK(quantity_number_help("cpu", "2", false) == "quote it: cpu: \"2\"");
  CHECK(quantity_number_help("memory", "512", true) ==
        "quote it: memory: \"512Mi\" (a bare number of memory is bytes)");
}

TEST_CASE("regions: suggestions per cloud, across the two naming styles") {
  CHECK(region_suggestion("eu-west1", Cloud::Aws) == "did you mean 'eu-west-1'?");
  CHECK(region_suggestion("eu-west1", Cloud::Gcp) == "did you mean 'europe-west1'?");
  CHECK(region_suggestion("eu-west-1", Cloud::Gcp) == "did you mean 'europe-west1'?");
  CHECK(region_suggestion("europe-west1", Cloud::Aws) == "did you mean 'eu-west-1'?");
  CHECK(region_suggestion("us-centrall1", Cloud::Gcp) == "did you mean 'us-central1'?");
  CHECK(region_suggestion("ap-southeast-1", Cloud::Gcp) == "did you mean 'asia-southeast1'?");
  CHECK(region_suggestion("mars-north-9", Cloud::Aws).empty());
}
