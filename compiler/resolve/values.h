// Small parsers for values inside specs: images, durations, URLs. Pure functions.
// Tested by tests/unit/validate_test.cpp and the invalid-spec corpus.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace infrac {

struct ParsedImage {
  std::string repository;  // with the registry when the reference names one
  std::string tag, digest;
  bool has_registry = false;
};
// Splits "repo[:tag][@sha256:...]"; the registry is the first path part when it contains a
// '.' or ':' or is "localhost" (the Docker convention).
ParsedImage parse_image(std::string_view reference);

// "1h30m" -> 5400. Nothing for malformed text.
std::optional<std::int64_t> parse_duration_seconds(std::string_view text);

struct ParsedUrl {
  std::string scheme, host, path;
  std::string port;  // empty when not given
};
std::optional<ParsedUrl> parse_url(std::string_view url);

// "payments-api" -> "PAYMENTS_API"
std::string env_var_stem(std::string_view name);

}  // namespace infrac
