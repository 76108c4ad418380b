// The field tables of spec-v1: one description of every field of infrac.yaml and
// service.yaml. The validator (validate.cpp) and the JSON Schema generator (json_schema.cpp)
// both walk these tables, so the editor schema and the checks cannot drift apart; the rows of
// field_views.h say where each field shows once resolved (the policy subject, the dump).
// Tested by tests/unit/validate_test.cpp and tests/tooling/schema.test.mjs (ajv).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace infrac {

// What is wrong with a value, and where inside it (byte offsets into the value's text), so the
// caret lands on the offending field of a schedule or the port of a URL.
struct ValueProblem {
  std::size_t offset = 0, length = 0;
  std::string message;  // "hour 25 is out of range 0-23"
  std::string help;
};
// A check of a value's meaning, after its shape: ranges, known names, bounds.
using ValueCheck = std::optional<ValueProblem> (*)(std::string_view text);

// A string format: one RE2 pattern (also valid ECMA-262, for JSON Schema) and a length cap
// that runs before the pattern.
struct Format {
  std::string name;
  std::string pattern;
  std::string description;  // "a DNS-1123 label (lowercase letters, digits, '-')"
  std::size_t max_length = 253;
  DiagCode code = DiagCode::kInvalidFormat;
  // Runs before the pattern when set; the pattern stays the JSON Schema's approximation.
  ValueCheck check = nullptr;
  DiagCode check_code = DiagCode::kInvalidFormat;
};

enum class ValueType {
  String,      // a string scalar
  StringLike,  // a string, number or boolean, used as text (versions, env values, ids)
  Int,
  Bool,
  Enum,    // a string from `values`
  Object,  // a mapping with the fields below; unknown fields are errors
  MapOf,   // a mapping from keys (with a format) to `items`
  ListOf,  // a list of `items`
  OneOf,   // the first alternative whose kind (scalar / mapping / list) fits the node
};

struct Schema;

struct Field {
  std::string name;
  const Schema* schema = nullptr;
  bool required = false;
  std::string description;
};

struct Schema {
  ValueType type = ValueType::String;
  std::string description;
  std::vector<Field> fields;           // Object
  const Schema* items = nullptr;       // MapOf values, ListOf items
  const Format* key_format = nullptr;  // MapOf keys
  std::vector<std::string> values;     // Enum
  DiagCode enum_code = DiagCode::kInvalidEnum;
  std::vector<const Schema*> alternatives;  // OneOf
  const Format* format = nullptr;           // String
  std::optional<std::int64_t> minimum, maximum;
  std::size_t min_entries = 0;  // MapOf / ListOf
  bool unique_items = false;    // ListOf of scalars
  bool partial_items = false;   // MapOf of overrides: items validated without required fields
  std::string default_text;     // shown in the JSON Schema and docs

  const Field* field(std::string_view name) const;
};

const Schema& project_file_schema();
const Schema& service_file_schema();
// The `spec:` of a service; environment overrides use it without required fields.
const Schema& service_spec_schema();

// Every format, for the JSON Schema `$defs` and the docs.
const std::vector<const Format*>& all_formats();
const Format& dns_label_format();
const Format& env_name_format();

}  // namespace infrac
