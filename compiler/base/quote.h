// 'text' in single quotes, as messages show names and values. Built by appending: GCC 12 at -O3
// reports a false -Wrestrict for "'" + std::string
// (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105329). Tested through every message that quotes a
// value (tests/unit/value_checks_test.cpp).
#pragma once

#include <string>
#include <string_view>

namespace infrac {

inline std::string single_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

}  // namespace infrac
