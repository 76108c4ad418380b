// What makes two elements of a list in the Terraform and Kubernetes IRs "the same element", in
// one table: a set (IAM actions and resources, secret ARNs, NetworkPolicy rules, peers and
// ports, tolerations) is compared by value, so removing one ARN of four is one removal and
// never shifts the others; a keyed list (containers and env by name, PrometheusRule rules by
// alert) by its key; an ordered list (command arguments) by position. The plan's diff, its
// attribute counts and its risks all read the element paths this table gives.
// Tested by tests/unit/list_identity_test.cpp (every list the example projects generate is in
// the table) and tests/cli/plan_risks_test.cpp.
#pragma once

#include <string>
#include <string_view>

namespace infrac {

enum class ListIdentity { Ordered, Set, Keyed };

struct ListRule {
  ListIdentity identity = ListIdentity::Ordered;
  std::string_view key;  // Keyed: the field that names an element
  bool known = false;    // false: no row covers it (by name where names are distinct)
};

// `kind`: the item's kind (a module's source such as aws/workload-identity, a resource type,
// a Kubernetes kind); `pattern`: the list's path with every element written `[]`
// (spec.template.spec.containers[].env).
ListRule list_rule(std::string_view kind, std::string_view pattern);

}  // namespace infrac
