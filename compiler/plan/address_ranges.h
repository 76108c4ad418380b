// IPv4 address ranges as NetworkPolicy ipBlocks name them: CIDRs parsed and tested, ranges
// written back as the fewest CIDRs, and a set of ranges in words ("10.0.0.0/8 and
// 192.168.0.0/16", or "any address except 10.0.0.0/8, ..." when that is shorter). Read by
// plan/network_risks.cpp, which splits the address space where any CIDR begins or ends.
// Tested by tests/unit/address_ranges_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace infrac {

// "10.0.0.0/8" -> (address, prefix length); nullopt for anything else.
std::optional<std::pair<std::uint32_t, int>> parse_cidr(const std::string& text);
bool in_cidr(std::uint32_t ip, const std::string& cidr);
std::string ip_text(std::uint32_t ip);  // dotted quad
// [first, last] (inclusive, up to 2^32 - 1) as the fewest CIDRs.
std::vector<std::string> as_cidrs(std::uint64_t first, std::uint64_t last);
// Inclusive ranges in words, adjacent ones merged.
std::string ranges_words(std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges);

}  // namespace infrac
