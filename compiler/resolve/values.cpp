#include "resolve/values.h"

#include <cctype>

namespace infrac {

ParsedImage parse_image(std::string_view reference) {
  ParsedImage out;
  std::string_view rest = reference;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  std::size_t slash = rest.rfind('/');
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  out.repository = std::string(rest);
  std::size_t first_slash = rest.find('/');
  if (first_slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, first_slash);
    out.has_registry = first.find('.') != std::string_view::npos ||
                       first.find(':') != std::string_view::npos || first == "localhost";
  }
  return out;
}

std::string env_var_stem(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace infrac
