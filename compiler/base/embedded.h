// Files compiled into the binary: stdlib/, policies/ and modules/ (see cmake/embed.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace infrac {

struct EmbeddedFile {
  std::string_view path;  // relative to the source tree, e.g. "stdlib/defaults.yaml"
  std::string_view contents;
};

const std::vector<EmbeddedFile>& embedded_files();
// The contents of an embedded file, or an empty view when there is none by that path.
std::string_view embedded_file(std::string_view path);

}  // namespace infrac
