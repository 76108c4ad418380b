// Small parsers for values inside specs: images, variable names. Pure functions.
// (Durations: spec/duration.h; URLs: spec/public_url.h.)
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

// "payments-api" -> "PAYMENTS_API"
std::string env_var_stem(std::string_view name);

}  // namespace infrac
