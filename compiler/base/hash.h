// A small, stable, non-cryptographic content hash (64-bit FNV-1a) for names and annotations
// that must change when content changes: the same bytes give the same hash on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace infrac {

// FNV-1a fed piecewise, for hashes over structures (ir/content_hash.cpp).
class Fnv1a {
 public:
  void bytes(std::string_view data) {
    for (unsigned char c : data) {
      h_ ^= c;
      h_ *= 0x100000001b3ull;
    }
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ull;
};

inline std::uint64_t fnv1a64(std::string_view bytes) {
  Fnv1a h;
  h.bytes(bytes);
  return h.value();
}

// The first `digits` (at most 16) hex digits of a 64-bit hash.
inline std::string hex_prefix(std::uint64_t h, std::size_t digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 15];
  return out.substr(0, digits);
}

// The first `digits` hex digits of the hash.
inline std::string short_hash(std::string_view bytes, std::size_t digits = 8) {
  return hex_prefix(fnv1a64(bytes), digits);
}

}  // namespace infrac
