// The target IRs as a plan compares them: each Terraform block and Kubernetes object becomes
// an item (its address, its kind, its attributes flattened to paths), so a diff is a walk over
// two sorted maps. Lists whose elements are maps with a unique `name` (containers, env,
// ports, volumes) are keyed by that name, not by position: removing 3 of 20 variables is 3
// removals. An element present on one side only is one change, not one per leaf.
// Tested by tests/unit/plan_diff_test.cpp.
#pragma once

#include <map>
#include <set>
#include <string>

#include "base/location.h"
#include "ir/k8s_ir.h"
#include "ir/terraform_ir.h"

namespace infrac {

struct Leaf {
  std::string value;
  Location origin;
};

struct Item {
  std::string kind;                    // aws/postgres (module calls), Deployment, provider, ...
  std::map<std::string, Leaf> leaves;  // path -> value
  std::map<std::string, std::string> elements;  // list element path -> one-line value
  Location origin;
};

using Items = std::map<std::string, Item>;  // by address

// Terraform addresses as Terraform writes them: module.db, aws_iam_role.x, data.T.N,
// output.N, provider.aws, terraform, terraform.backend.
Items terraform_items(const TfModule& module);
// A root module's import and moved blocks (state.tf), which change state rather than declare
// anything: imports by the module call they go into ("module.db" -> the import id), moves by
// their source address ("module.database" -> "module.db"). terraform_items leaves them out.
struct StateBlocks {
  std::map<std::string, std::string> imports;
  std::map<std::string, std::string> moves;
};
StateBlocks state_blocks(const TfModule& module);

// Kubernetes addresses: group/version/kind/namespace/name (core/v1/Namespace//payments).
Items kubernetes_items(const std::vector<KObject>& objects);

// A document written beside a root module (the gateway's OpenAPI template), as one item.
Item document_item(const KValue& document);

// Settings rather than resources: the terraform {} blocks and providers of a root module.
bool is_setting(const std::string& address);

}  // namespace infrac
