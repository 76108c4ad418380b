// What a mistyped command line answers, and what is forgiven (a diagnostic code in lower case).
#include <catch2/catch.hpp>

#include "../unit/support.h"

using namespace infrac::test;

namespace {
std::string acme() {
  return (source_dir() / "examples/acme").string();
}
}  // namespace

TEST_CASE("usage: explain takes a diagnostic code in any case", "[cli]") {
  CommandResult upper = run_infrac("explain E0141");
  CommandResult lower = run_infrac("explain e0141");
  CHECK(upper.exit_code == 0);
  CHECK(lower.exit_code == 0);
  CHECK(lower.out == upper.out);
  CHECK(lower.out.rfind("E0141 ", 0) == 0);
  // A rule id too.
  CommandResult rule = run_infrac("explain Reliability.Prod-Replicas --root " + acme());
  CHECK(rule.exit_code == 0);
  CHECK(rule.out.rfind("reliability.prod-replicas ", 0) == 0);
}
