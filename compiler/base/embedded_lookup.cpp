#include "base/embedded.h"

namespace infrac {

std::string_view embedded_file(std::string_view path) {
  for (const auto& file : embedded_files()) {
    if (file.path == path) return file.contents;
  }
  return {};
}

}  // namespace infrac
