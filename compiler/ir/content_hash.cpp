#include "ir/content_hash.h"

#include <cstdint>
#include <string_view>

#include "base/hash.h"

namespace infrac {
namespace {

// Counts and lengths as 8 bytes little-endian, so "ab"+"c" and "a"+"bc" differ.
void number(Fnv1a& h, std::uint64_t n) {
  char le[8];
  for (int i = 0; i < 8; ++i, n >>= 8) le[i] = static_cast<char>(n & 0xff);
  h.bytes(std::string_view(le, 8));
}

void text(Fnv1a& h, std::string_view s) {
  number(h, s.size());
  h.bytes(s);
}

void feed(Fnv1a& h, const KValue& v) {
  char kind = static_cast<char>(v.kind);
  h.bytes(std::string_view(&kind, 1));
  switch (v.kind) {
    case KValue::Kind::Null:
      break;
    case KValue::Kind::Bool:
      h.bytes(v.boolean ? std::string_view("\1", 1) : std::string_view("\0", 1));
      break;
    case KValue::Kind::Int:
      number(h, static_cast<std::uint64_t>(v.integer));
      break;
    case KValue::Kind::String:
      text(h, v.text);
      break;
    case KValue::Kind::List:
      number(h, v.items.size());
      for (const auto& item : v.items) feed(h, item);
      break;
    case KValue::Kind::Map:
      // Entries in the IR's order, which is the printed order: two maps that print
      // differently hash differently.
      number(h, v.entries.size());
      for (const auto& e : v.entries) {
        text(h, e.key);
        feed(h, e.value);
      }
      break;
  }
}

void feed(Fnv1a& h, const TfExpr& v) {
  char kind = static_cast<char>(v.kind);
  h.bytes(std::string_view(&kind, 1));
  switch (v.kind) {
    case TfExpr::Kind::Null:
      break;
    case TfExpr::Kind::Bool:
      h.bytes(v.boolean ? std::string_view("\1", 1) : std::string_view("\0", 1));
      break;
    case TfExpr::Kind::Number:
      number(h, static_cast<std::uint64_t>(v.number));
      if (!v.text.empty()) text(h, v.text);  // a decimal's digits; integers hash as before
      break;
    case TfExpr::Kind::String:
    case TfExpr::Kind::Reference:
      text(h, v.text);
      break;
    case TfExpr::Kind::List:
      number(h, v.items.size());
      for (const auto& item : v.items) feed(h, item);
      break;
    case TfExpr::Kind::Object:
      number(h, v.entries.size());
      for (const auto& e : v.entries) {
        text(h, e.key);
        feed(h, e.value);
      }
      break;
  }
}

}  // namespace

std::string content_hash(const TfExpr& value, std::size_t digits) {
  Fnv1a h;
  feed(h, value);
  return hex_prefix(h.value(), digits < 16 ? digits : 16);
}

std::string content_hash(const KValue& value, std::size_t digits) {
  Fnv1a h;
  feed(h, value);
  return hex_prefix(h.value(), digits < 16 ? digits : 16);
}

}  // namespace infrac
