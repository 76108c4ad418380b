// Address ranges as a plan names them: the fewest CIDRs for a range, adjacent ranges merged,
// and the complement when it is shorter to say.
#include <catch2/catch.hpp>

#include "plan/address_ranges.h"

using namespace infrac;

TEST_CASE("address ranges: CIDRs parsed, tested and written back", "[plan][ranges]") {
  auto c = parse_cidr("10.128.0.0/9");
  REQUIRE(c);
  CHECK(c->second == 9);
  CHECK(in_cidr(0x0A800001u, "10.128.0.0/9"));
  CHECK_FALSE(in_cidr(0x0A000001u, "10.128.0.0/9"));
  CHECK_FALSE(parse_cidr("10.0.0.0/33"));
  CHECK_FALSE(parse_cidr("10.0.0/8"));
  CHECK(as_cidrs(0x0A000000u, 0x0A7FFFFFu) == std::vector<std::string>{"10.0.0.0/9"});
  CHECK(as_cidrs(0x0A000001u, 0x0A000002u) ==
        std::vector<std::string>{"10.0.0.1/32", "10.0.0.2/32"});
  CHECK(as_cidrs(0, 0xFFFFFFFFull) == std::vector<std::string>{"0.0.0.0/0"});
}

TEST_CASE("address ranges in words", "[plan][ranges]") {
  // Two halves of 10.0.0.0/8 are one range.
  CHECK(ranges_words({{0x0A800000u, 0x0AFFFFFFu}, {0x0A000000u, 0x0A7FFFFFu}}) == "10.0.0.0/8");
  // Everything but 10.0.0.0/8 is said by what it leaves out.
  CHECK(ranges_words({{0, 0x09FFFFFFu}, {0x0B000000u, 0xFFFFFFFFull}}) ==
        "any address except 10.0.0.0/8");
  CHECK(ranges_words({{0, 0xFFFFFFFFull}}) == "any address");
}
