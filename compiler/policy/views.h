// The subjects rules read, as trees with a location on every value:
//  - service: one target after overlays and defaults (service_view), built from the meaning
//    model with each value's location taken from where the spec wrote it;
//  - kubernetes: a generated object (read in place, through PolicyValue);
//  - terraform: a generated module call or provider block (terraform_view).
// Tested by tests/unit/policy_test.cpp.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "hcl/inventory.h"
#include "hcl/value.h"
#include "ir/k8s_ir.h"
#include "ir/terraform_ir.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

// The top-level fields of the subject a set of rules reads (`only`): the rest is left out of
// the view. Null: every field.
using ViewFields = std::set<std::string, std::less<>>;
Node service_view(const Model& model, const Target& target, const ViewFields* only = nullptr);

// One Node per module call ({kind: aws/postgres, name, source, args: {...}}) and per provider
// block ({kind: provider, name: aws, default_tags: {...}}).
std::vector<Node> terraform_view(const TfModule& module, Location fallback);

// A block of hand-written Terraform, shaped like a planned resource of `terraform show -json`
// so one rule reads both: {kind: aws_s3_bucket, name: ADDRESS, args: {...}} with nested
// blocks as lists of maps; providers like generated ones ({kind: provider, name, attributes,
// nested blocks as maps}). Values only Terraform can know are unknown_value()s.
Node terraform_source_view(const InventoryItem& item);

// A value known only when Terraform runs (a reference, a function call, a value after
// apply): rules neither pass nor fail on it; `exists` sees it.
inline constexpr std::string_view kUnknownValue = "(known after apply)";
Node unknown_value(Location at);
Node node_of(const HclValue& value);

// A read-only view over either tree type, so rules read generated Kubernetes objects without
// copying them.
struct PolicyValue {
  const Node* node = nullptr;
  const KValue* kvalue = nullptr;
  Location location;  // the nearest known spec location

  bool valid() const { return node || kvalue; }
  bool is_map() const;
  bool is_list() const;
  bool is_scalar() const;
  bool unknown() const;      // see unknown_value()
  std::string text() const;  // scalars
  bool is_int() const;
  long long as_int() const;
  PolicyValue child(std::string_view key) const;
  std::vector<std::pair<std::string, PolicyValue>> children() const;  // map entries or items
  std::vector<std::string> strings() const;                           // list of scalars
};

PolicyValue view_of(const Node& node);
PolicyValue view_of(const KValue& value, Location fallback);

}  // namespace infrac
