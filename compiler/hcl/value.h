// Literal evaluation of HCL expressions: strings, numbers, bools, null, lists, maps, templates
// whose parts are all known, arithmetic, comparisons and conditionals on known operands.
// Everything else (references, function calls, for-expressions, template directives) is
// Unknown: policies reason about what the source says without pretending to run Terraform.
// Tested by tests/unit/hcl_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hcl/model.h"

namespace infrac {

struct HclEntry;

struct HclValue {
  enum class Kind : std::uint8_t { Unknown, Null, Bool, Number, String, List, Map };
  Kind kind = Kind::Unknown;
  bool boolean = false;
  double number = 0;
  std::string text;             // String: the value; Number: canonical decimal; Unknown: the source
  std::vector<HclValue> items;  // List
  std::vector<HclEntry> entries;  // Map, in source order
  Location location;

  bool known() const { return kind != Kind::Unknown; }
  const HclValue* find(std::string_view key) const;  // Map
};

struct HclEntry {
  std::string key;
  HclValue value;
};

HclValue evaluate(const Expr& expr);

// Terraform's type names for a value: "string", "number", "bool", "list", "map", "null".
std::string_view type_name(const HclValue& value);

}  // namespace infrac
