#include "plan/address_ranges.h"

#include <algorithm>
#include <cstdio>

namespace infrac {

std::optional<std::pair<std::uint32_t, int>> parse_cidr(const std::string& text) {
  unsigned a, b, c, d, bits;
  char tail;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &bits, &tail) != 5 || a > 255 ||
      b > 255 || c > 255 || d > 255 || bits > 32)
    return std::nullopt;
  return std::make_pair((a << 24) | (b << 16) | (c << 8) | d, int(bits));
}

bool in_cidr(std::uint32_t ip, const std::string& cidr) {
  auto c = parse_cidr(cidr);
  if (!c) return false;
  std::uint32_t mask = c->second == 0 ? 0 : ~std::uint32_t(0) << (32 - c->second);
  return (ip & mask) == (c->first & mask);
}

std::string ip_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

// [first, last] as the fewest CIDRs.
std::vector<std::string> as_cidrs(std::uint64_t first, std::uint64_t last) {
  std::vector<std::string> out;
  while (first <= last) {
    int bits = 32;
    while (bits > 0) {
      std::uint64_t size = std::uint64_t(1) << (33 - bits);
      if ((first & (size - 1)) != 0 || first + size - 1 > last) break;
      --bits;
    }
    out.push_back(ip_text(std::uint32_t(first)) + "/" + std::to_string(bits));
    first += std::uint64_t(1) << (32 - bits);
  }
  return out;
}

// Address ranges in words: adjacent ones merged, as CIDRs, or as "any address except ..."
// when the rest of the address space is shorter to say.
std::string ranges_words(std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && merged.back().second + 1 == r.first)
      merged.back().second = r.second;
    else
      merged.push_back(r);
  }
  std::vector<std::string> in, out;
  std::uint64_t next = 0;
  for (const auto& [first, last] : merged) {
    for (auto& c : as_cidrs(first, last)) in.push_back(c);
    if (first > next)
      for (auto& c : as_cidrs(next, first - 1)) out.push_back(c);
    next = last + 1;
  }
  if (next <= 0xFFFFFFFFull)
    for (auto& c : as_cidrs(next, 0xFFFFFFFFull)) out.push_back(c);
  if (out.empty()) return "any address";
  if (out.size() < in.size()) {
    std::string words = "any address except ";
    for (std::size_t i = 0; i < out.size(); ++i)
      words += (i == 0 ? "" : i + 1 == out.size() ? " and " : ", ") + out[i];
    return words;
  }
  std::string words;
  for (std::size_t i = 0; i < in.size(); ++i)
    words += (i == 0 ? "" : i + 1 == in.size() ? " and " : ", ") + in[i];
  return words;
}

}  // namespace infrac
