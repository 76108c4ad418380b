#include "adopt/addresses.h"

#include <vector>

namespace infrac {
namespace {

bool dns_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::vector<std::string> labels_of(const std::string& host) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot; (dot = host.find('.', start)) != std::string::npos; start = dot + 1)
    out.push_back(host.substr(start, dot - start));
  out.push_back(host.substr(start));
  return out;
}

}  // namespace

std::optional<Address> parse_address(std::string_view value) {
  if (value.empty() || value.find_first_of(" \t\n,;@") != std::string_view::npos) return {};
  Address a;
  if (auto sep = value.find("://"); sep != std::string_view::npos) {
    a.scheme = std::string(value.substr(0, sep));
    if (a.scheme.empty() || !dns_label(a.scheme)) return {};
    value.remove_prefix(sep + 3);
  }
  std::string_view authority = value.substr(0, value.find('/'));
  if (authority.size() < value.size()) a.path = std::string(value.substr(authority.size()));
  if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos)
      return {};
    a.port = std::stoi(std::string(port));
    if (a.port < 1 || a.port > 65535) return {};
    authority = authority.substr(0, colon);
  }
  a.host = std::string(authority);
  if (a.host.empty() || a.host.front() < 'a' || a.host.front() > 'z') return {};
  for (const auto& label : labels_of(a.host))
    if (!dns_label(label)) return {};
  return a;
}

std::optional<ServiceName> cluster_service(const std::string& host) {
  std::vector<std::string> labels = labels_of(host);
  if (labels.size() == 1) return ServiceName{labels[0], ""};
  if (labels.size() == 2 || labels[2] == "svc") return ServiceName{labels[0], labels[1]};
  return {};
}

std::string address_form(const Address& a) {
  if (!a.scheme.empty()) return "url";
  return a.port ? "address" : "host";
}

}  // namespace infrac
