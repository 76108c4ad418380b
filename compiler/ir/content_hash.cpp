#include "ir/content_hash.h"

#include <cstdint>
#include <string_view>

namespace infrac {
namespace {

class Fnv1a {
 public:
  void byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ull;
  }
  void number(std::uint64_t n) {
    for (int i = 0; i < 8; ++i, n >>= 8) byte(static_cast<unsigned char>(n & 0xff));
  }
  // Length first, so "ab"+"c" and "a"+"bc" differ.
  void text(std::string_view s) {
    number(s.size());
    for (unsigned char c : s) byte(c);
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ull;
};

void feed(Fnv1a& h, const KValue& v) {
  h.byte(static_cast<unsigned char>(v.kind));
  switch (v.kind) {
    case KValue::Kind::Null:
      break;
    case KValue::Kind::Bool:
      h.byte(v.boolean ? 1 : 0);
      break;
    case KValue::Kind::Int:
      h.number(static_cast<std::uint64_t>(v.integer));
      break;
    case KValue::Kind::String:
      h.text(v.text);
      break;
    case KValue::Kind::List:
      h.number(v.items.size());
      for (const auto& item : v.items) feed(h, item);
      break;
    case KValue::Kind::Map:
      // Entries in the IR's order, which is the printed order: two maps that print
      // differently hash differently.
      h.number(v.entries.size());
      for (const auto& e : v.entries) {
        h.text(e.key);
        feed(h, e.value);
      }
      break;
  }
}

}  // namespace

std::string content_hash(const KValue& value, std::size_t digits) {
  Fnv1a h;
  feed(h, value);
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t n = h.value();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, n >>= 4) out[static_cast<std::size_t>(i)] = hex[n & 15];
  return out.substr(0, digits < 16 ? digits : 16);
}

}  // namespace infrac
