// UTF-8 checks run on every input before any parser sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
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

namespace infrac {

// Appends one code point as UTF-8 (nothing past U+10FFFF).
void append_utf8(std::string& out, std::uint32_t code_point);

// Text as saved by common tools, as UTF-8: a UTF-8 byte order mark is dropped, and UTF-16
// (LE or BE, told by its byte order mark; PowerShell's `>` writes UTF-16 LE) is converted.
// Returns an error message (and leaves `out` empty) for odd-length UTF-16 or a lone surrogate.
std::string to_utf8(std::string_view bytes, std::string& out);

}  // namespace infrac
