// UTF-8 checks run on every input before any parser sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace infrac {

// Byte offset of the first invalid UTF-8 sequence or NUL byte, or nothing when the text is
// clean. Overlong forms, surrogates and code points past U+10FFFF are invalid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace infrac
