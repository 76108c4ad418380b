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

std::optional<std::int64_t> parse_duration_seconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0, number = 0;
  bool have_digits = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (number > 100000000) return std::nullopt;
      number = number * 10 + (c - '0');
      have_digits = true;
      continue;
    }
    if (!have_digits) return std::nullopt;
    switch (c) {
      case 'h':
        total += number * 3600;
        break;
      case 'm':
        total += number * 60;
        break;
      case 's':
        total += number;
        break;
      default:
        return std::nullopt;
    }
    number = 0;
    have_digits = false;
  }
  if (have_digits) return std::nullopt;
  return total;
}

std::optional<ParsedUrl> parse_url(std::string_view url) {
  ParsedUrl out;
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  out.scheme = std::string(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no credentials
  if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    out.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
    for (char c : out.port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
  }
  if (authority.empty()) return std::nullopt;
  out.host = std::string(authority);
  out.path = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (out.path.empty() || out.path[0] != '/') out.path = "/" + out.path;
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
