// A small, stable, non-cryptographic content hash (64-bit FNV-1a) for names and annotations
// that must change when content changes: the same bytes give the same hash on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace infrac {

inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// The first `digits` hex digits of the hash.
inline std::string short_hash(std::string_view bytes, std::size_t digits = 8) {
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t h = fnv1a64(bytes);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 15];
  return out.substr(0, digits);
}

}  // namespace infrac
