// Public URLs (`urls.public`): scheme, host and path only. The URL becomes an HTTPRoute's
// hostname and PathPrefix match (Gateway API: a hostname has no port, a path no query or
// fragment: https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch), and a gateway
// listener owns ports and TLS, so a port, user info, query or fragment would be dropped or
// rejected at apply. The path is normalised: repeated '/' collapse and a trailing '/' goes
// (PathPrefix matches whole segments, so /orders and /orders/ match the same requests);
// '.' and '..' segments are errors, since proxies resolve them differently.
// Tested by tests/unit/value_checks_test.cpp and the invalid-spec corpus.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

struct UrlParts {
  std::string scheme, host;
  std::string path = "/";  // normalised
  bool has_path = false;   // the URL wrote a path (even "/")
};

// The Format hook.
std::optional<ValueProblem> check_public_url(std::string_view url);
// The parts of a URL check_public_url accepts; nothing otherwise.
std::optional<UrlParts> split_public_url(std::string_view url);

}  // namespace infrac
