#include "spec/label_values.h"

#include <cctype>
#include <string>

namespace infrac {
namespace {

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Letters, digits, '-', '_' and '.', beginning and ending with a letter or digit: a label
// value, and the name part of a key.
bool name_chars(std::string_view s) {
  if (s.empty()) return true;
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// A lowercase DNS subdomain (RFC 1123): the prefix of a key.
bool dns_subdomain(std::string_view s) {
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-' && c != '.') return false;
  return true;
}

ValueProblem problem(std::size_t at, std::size_t length, std::string message, std::string help) {
  return ValueProblem{at, length, std::move(message), std::move(help)};
}

}  // namespace

std::optional<ValueProblem> check_label_key(std::string_view text) {
  auto slash = text.find('/');
  std::size_t name_at = slash == std::string_view::npos ? 0 : slash + 1;
  std::string_view name = text.substr(name_at);
  std::string key(text);
  if (slash != std::string_view::npos && !dns_subdomain(text.substr(0, slash)))
    return problem(0, slash, "the prefix of key '" + key + "' is not a lowercase DNS name",
                   "write the prefix as a DNS subdomain, such as example.com");
  if (slash != std::string_view::npos && slash > 253)
    return problem(0, slash,
                   "the prefix of key '" + key + "' has " + std::to_string(slash) +
                       " characters; Kubernetes allows at most 253",
                   "use a DNS subdomain of at most 253 characters as the prefix");
  if (name.empty() || !name_chars(name))
    return problem(name_at, name.size(),
                   "the name of key '" + key +
                       "' is not letters, digits, '-', '_' and '.' beginning and ending with a "
                       "letter or digit",
                   "write the key as [prefix/]name, such as example.com/team");
  if (name.size() > 63)
    return problem(name_at, name.size(),
                   "the name part of key '" + key + "' has " + std::to_string(name.size()) +
                       " characters; Kubernetes allows at most 63",
                   "shorten the name after the prefix to 63 characters");
  return std::nullopt;
}

std::optional<ValueProblem> check_label_value(std::string_view text) {
  if (!name_chars(text))
    return problem(0, text.size(),
                   "'" + std::string(text) +
                       "' is not a Kubernetes label value: letters, digits, '-', '_' and '.', "
                       "beginning and ending with a letter or digit",
                   "write it as a label value (or leave it empty), such as core-api");
  return std::nullopt;  // the format's max_length caps it at 63 characters
}

}  // namespace infrac
