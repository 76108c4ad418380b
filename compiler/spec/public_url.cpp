#include "spec/public_url.h"

#include <vector>

#include "base/quote.h"

namespace infrac {
namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// RFC 3986 pchar without '%' (checked as an escape) and ':' '@' kept.
bool is_path_char(char c) {
  static constexpr std::string_view kOther = "-._~!$&'()*+,;=:@/";
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || kOther.find(c) != std::string_view::npos;
}

struct Split {
  std::optional<ValueProblem> problem;
  UrlParts parts;
};

Split fail(std::size_t at, std::size_t length, std::string message, std::string help) {
  Split s;
  s.problem = ValueProblem{at, length, std::move(message), std::move(help)};
  return s;
}

std::optional<ValueProblem> check_host(std::string_view host, std::size_t at) {
  if (host.empty())
    return ValueProblem{at, 1, "the URL has no host", "such as https://api.acme.example/orders"};
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i < host.size() && host[i] != '.') {
      char c = host[i];
      if (!is_lower_alnum(c) && c != '-') {
        bool upper = c >= 'A' && c <= 'Z';
        return ValueProblem{at + i, 1,
                            "host '" + std::string(host) + "' has '" + std::string(1, c) + "'",
                            upper ? "write host names in lower case"
                                  : "a host is DNS labels of letters, digits and '-'"};
      }
      continue;
    }
    std::string_view label = host.substr(label_start, i - label_start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return ValueProblem{
          at + label_start, std::max<std::size_t>(label.size(), 1),
          "host '" + std::string(host) + "' has an invalid DNS label",
          "labels are 1-63 letters, digits or '-', not starting or ending with '-'"};
    }
    label_start = i + 1;
  }
  return std::nullopt;
}

// Collapses '//' and drops a trailing '/', or reports a '.'/'..' segment or a bad character.
std::optional<ValueProblem> normalise_path(std::string_view path, std::size_t at,
                                           std::string& out) {
  out.clear();
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(i, end - i);
    if (segment == "." || segment == "..") {
      return ValueProblem{at + i, segment.size(),
                          "the path has a '" + std::string(segment) + "' segment",
                          "write the path as it is served, without '.' or '..'"};
    }
    for (std::size_t k = 0; k < segment.size(); ++k) {
      char c = segment[k];
      if (c == '%' && k + 2 < segment.size() && is_hex(segment[k + 1]) && is_hex(segment[k + 2])) {
        k += 2;
        continue;
      }
      if (c == '%' || !is_path_char(c)) {
        return ValueProblem{at + i + k, 1, "the path has '" + std::string(1, c) + "'",
                            "percent-encode it (%XX) or leave it out"};
      }
    }
    if (!segment.empty()) {
      out += '/';
      out += segment;
    }
    i = end;
  }
  if (out.empty()) out.assign(1, '/');
  return std::nullopt;
}

Split split(std::string_view url) {
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return fail(0, url.size(), single_quoted(url) + " is not an absolute URL",
                "such as https://api.acme.example/orders");
  }
  std::string_view scheme = url.substr(0, sep);
  if (scheme != "https" && scheme != "http") {
    return fail(0, sep, "scheme '" + std::string(scheme) + "' is not http or https",
                "a public URL is served by the gateway over https (or http)");
  }
  std::size_t host_at = sep + 3;
  std::string_view rest = url.substr(host_at);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (auto at = authority.find('@'); at != std::string_view::npos) {
    return fail(host_at, at + 1, "the URL carries user information",
                "remove 'user@': credentials never belong in a URL");
  }
  if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    return fail(
        host_at + colon, authority.size() - colon, "the URL has a port",
        "the gateway listener owns ports: remove '" + std::string(authority.substr(colon)) + "'");
  }
  if (auto p = check_host(authority, host_at)) {
    Split s;
    s.problem = p;
    return s;
  }
  Split out;
  out.parts.scheme = std::string(scheme);
  out.parts.host = std::string(authority);
  if (end == std::string_view::npos) return out;
  std::size_t path_at = host_at + end;
  std::string_view tail = url.substr(path_at);
  if (auto q = tail.find_first_of("?#"); q != std::string_view::npos) {
    bool query = tail[q] == '?';
    return fail(path_at + q, tail.size() - q,
                std::string("the URL has a ") + (query ? "query" : "fragment"),
                "a route matches a path prefix only: remove '" + std::string(tail.substr(q)) + "'");
  }
  out.parts.has_path = true;
  if (auto p = normalise_path(tail, path_at, out.parts.path)) out.problem = p;
  return out;
}

}  // namespace

std::optional<ValueProblem> check_public_url(std::string_view url) {
  return split(url).problem;
}

std::optional<UrlParts> split_public_url(std::string_view url) {
  Split s = split(url);
  if (s.problem) return std::nullopt;
  return s.parts;
}

}  // namespace infrac
