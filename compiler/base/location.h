// Positions in user files. Every node of the source model and every diagnostic carries one.
// Lines and columns are 1-based; columns count Unicode code points, as editors do.
// Adapters (yaml-cpp today) convert their own 0-based marks to this type and nothing else does.
#pragma once

#include <cstdint>
#include <tuple>

namespace infrac {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

struct Location {
  FileId file = kNoFile;
  std::uint32_t line = 0;    // 1-based; 0 = unknown
  std::uint32_t column = 0;  // 1-based, in code points
  std::uint32_t length = 0;  // code points underlined by the caret (at least 1 when shown)

  bool known() const { return file != kNoFile && line > 0; }
  friend bool operator==(const Location&, const Location&) = default;
};

}  // namespace infrac
