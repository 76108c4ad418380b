// A value kept in one field of a tab-separated, line-based file (the build cache): '%', tab
// and newline escaped as %25, %09 and %0A, and back. Tested by tests/unit/inputs_test.cpp.
#pragma once

#include <string>
#include <string_view>

namespace infrac {

inline std::string escape_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\t') {
      out += "%09";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

inline std::string unescape_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view code = i + 2 < text.size() ? text.substr(i + 1, 2) : std::string_view();
    if (text[i] == '%' && code.size() == 2 && (code == "25" || code == "09" || code == "0A")) {
      out += code == "25" ? '%' : code == "09" ? '\t' : '\n';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace infrac
