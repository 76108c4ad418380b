// UTF-8 checks run on every input before any parser sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace infrac {

// Byte offset of the first invalid UTF-8 sequence or NUL byte, or nothing when the text is
// clean. Overlong forms, surrogates and code points past U+10FFFF are invalid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Code points in valid UTF-8 text (continuation bytes do not count).
inline std::uint32_t utf8_length(std::string_view text) {
  std::uint32_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace infrac
