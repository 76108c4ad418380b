// The builder the schema tables are written with (spec/tables_*.cpp): one small constructor
// per value type, so a field is one row. Internal to spec/; readers use spec/schema.h.
// Tested by tests/unit/validate_test.cpp.
#pragma once

#include <deque>

#include "spec/formats.h"
#include "spec/schema.h"

namespace infrac {

// Owns every schema node; the tables are built once and never change. Each table is a member
// defined in the file of its concept: tables_component.cpp, tables_service.cpp,
// tables_project.cpp, tables_platform.cpp.
class SchemaBuilder {
 public:
  SchemaBuilder() { build(); }
  const Schema* project_file = nullptr;
  const Schema* service_file = nullptr;
  const Schema* service_spec = nullptr;

 private:
  std::deque<Schema> nodes_;

  Schema* make(ValueType type, std::string description = {}) {
    nodes_.emplace_back();
    nodes_.back().type = type;
    nodes_.back().description = std::move(description);
    return &nodes_.back();
  }
  const Schema* str(const Format* format, std::string description = {}) {
    Schema* s = make(ValueType::String, std::move(description));
    s->format = format;
    return s;
  }
  const Schema* text(std::string description = {}) {
    return make(ValueType::StringLike, std::move(description));
  }
  // A string, number or boolean whose text (booleans aside) has `format`.
  const Schema* text(const Format* format, std::string description) {
    Schema* s = make(ValueType::StringLike, std::move(description));
    s->format = format;
    return s;
  }
  const Schema* integer(std::int64_t lo, std::int64_t hi, std::string description = {},
                        std::string default_text = {}) {
    Schema* s = make(ValueType::Int, std::move(description));
    s->minimum = lo;
    s->maximum = hi;
    s->default_text = std::move(default_text);
    return s;
  }
  const Schema* boolean(std::string description = {}, std::string default_text = {}) {
    Schema* s = make(ValueType::Bool, std::move(description));
    s->default_text = std::move(default_text);
    return s;
  }
  const Schema* enumeration(std::vector<std::string> values, std::string description = {},
                            std::string default_text = {}, DiagCode code = DiagCode::kInvalidEnum) {
    Schema* s = make(ValueType::Enum, std::move(description));
    s->values = std::move(values);
    s->default_text = std::move(default_text);
    s->enum_code = code;
    return s;
  }
  const Schema* object(std::vector<Field> fields, std::string description = {}) {
    Schema* s = make(ValueType::Object, std::move(description));
    s->fields = std::move(fields);
    return s;
  }
  const Schema* map_of(const Format* keys, const Schema* items, std::string description = {},
                       std::size_t min_entries = 0) {
    Schema* s = make(ValueType::MapOf, std::move(description));
    s->key_format = keys;
    s->items = items;
    s->min_entries = min_entries;
    return s;
  }
  const Schema* list_of(const Schema* items, std::string description = {}, bool unique = true) {
    Schema* s = make(ValueType::ListOf, std::move(description));
    s->items = items;
    s->unique_items = unique;
    return s;
  }
  const Schema* one_of(std::vector<const Schema*> alternatives, std::string description = {}) {
    Schema* s = make(ValueType::OneOf, std::move(description));
    s->alternatives = std::move(alternatives);
    return s;
  }

  void build();
  const Schema* component_schema();
  const Schema* security_schema();
  const Schema* kubernetes_escape_schema();
  const Schema* datastore_schema();
  const Schema* slo_schema();
  const Schema* environment_schema();
  const Schema* observability_schema();
  const Schema* platform_schema();
  const Schema* terraform_schema();
  const Schema* delivery_schema();
  const Schema* platform_ = nullptr;
  void build_service();
  void build_project();
};

}  // namespace infrac
