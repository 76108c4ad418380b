// Data tables from stdlib/ that lowering needs: per-cloud provider pins, size tables, engine
// versions and name rules (stdlib/clouds/<cloud>.yaml), Kubernetes name rules
// (stdlib/kubernetes.yaml) and the interfaces of the modules infrac calls
// (stdlib/modules.yaml). Read once per process from the embedded copies.
// Tested by tests/cli/build_test.cpp, tests/cli/gcp_test.cpp and the golden files;
// tests/tooling/output.test.mjs checks the module calls against the modules' own source.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/regex.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

struct NameRule {
  std::string id;    // rds_identifier, ...
  std::string what;  // "RDS DB instance identifier"
  std::size_t max = 0;
  std::string pattern;
  Regex regex;  // anchored
};

struct ProviderPin {
  std::string name, source, version;
};

struct CloudTable {
  std::vector<ProviderPin> providers;                                  // by name
  std::map<std::string, std::map<std::string, std::string>> sizes;     // type -> size -> class
  std::map<std::string, std::map<std::string, std::string>> versions;  // type -> spec -> engine
  std::set<std::string> production_environments;
  // The cloud's regions (`regions:`), in the table's order: spec regions must be one of them.
  std::vector<std::string> regions;
  // Day-two module arguments per environment class (module_settings), `all` merged under each
  // class's own: module ("aws/postgres") -> a map of variable -> value.
  std::map<std::string, Node> production_settings, other_settings;
  std::map<std::string, NameRule> names;
  std::string service_account_annotation;
  std::string secret_store_name, secret_store_kind;
  // The service account the store authenticates as in each service's namespace (External
  // Secrets "referent authentication": docs/security.md).
  std::string secret_reader;

  const NameRule& name_rule(const std::string& id) const;
  bool is_production(const std::string& env) const {
    return production_environments.count(env) > 0;
  }
  // The module's day-two arguments for an environment class, or null when it has none.
  const Node* module_settings(const std::string& module, bool production) const;
};

const CloudTable& cloud_table(Cloud cloud);
const std::map<std::string, NameRule>& kubernetes_name_rules();
// Per module ("aws/postgres"): the arguments whose change makes Terraform replace the stateful
// resource (the provider's ForceNew), for plans. Interfaces come from the modules' source.
const std::map<std::string, std::set<std::string>>& replacing_arguments();

// The first problem with `name` under `rule` ("is 70 characters; the limit is 63"), or empty.
std::string name_problem(const NameRule& rule, const std::string& name);

}  // namespace infrac
