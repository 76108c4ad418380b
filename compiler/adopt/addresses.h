// How `infrac import` reads an address in a variable or a command argument:
// [scheme://]host[:port][/path], and which Kubernetes Service a cluster host name names
// (name, name.namespace, name.namespace.svc, name.namespace.svc.<cluster domain>).
// Tested by tests/unit/import_addresses_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace infrac {

struct Address {
  std::string scheme;  // "" when the value has none
  std::string host;
  int port = 0;      // 0 when the value names none
  std::string path;  // "" or from the first "/" on (query included)
};

// Nothing unless the whole value is one address: no spaces, no user info, a host of DNS labels
// (lower case) whose first starts with a letter, a port of 1-65535.
std::optional<Address> parse_address(std::string_view value);

struct ServiceName {
  std::string name, ns;  // ns "" when the host names none (the caller's namespace)
};

// The Service a host names inside a cluster; nothing for a host of three labels or more whose
// third is not "svc" (api.stripe.com).
std::optional<ServiceName> cluster_service(const std::string& host);

// The form the caller wrote it in, as a dependency's form: url (with a scheme), address
// (host:port) or host.
std::string address_form(const Address& a);

}  // namespace infrac
