// The field registry's second half: where each field of the schema tables (spec/tables_*.cpp)
// shows once resolved. A row ties one field (or none, for a value infrac derives) to its path
// in the policy subject, in the rule context ($name) and in the resolve dump. The subject's and
// the context's shape tables are generated from these rows, in their order
// (policy/subject_shape.cpp); validation and the JSON Schema walk the schema tables.
// Tested by tests/unit/field_registry_test.cpp (every field of the tables has a row, every row
// names a field that exists, the dump writes exactly the rows' paths, the JSON Schema has every
// field) and tests/unit/subject_shape_test.cpp (service_view() builds exactly the shape).
#pragma once

#include <string_view>
#include <vector>

namespace infrac {

struct FieldView {
  // The field: "service:" or "project:" and its path in the file, `*` for any key of a map or
  // item of a list ("service:spec.components.*.resources.cpu"); empty when infrac derives the
  // value. A row that shows the field nowhere covers every field below it.
  std::string_view field;
  // Its path in the service subject ("components.*.cpu"), or in the context with a leading `$`
  // ("$project.domains.*"); empty when rules cannot read it.
  std::string_view subject;
  // What the subject's value is, as docs/policy-language.md lists it; on a row that shows the
  // field nowhere, why.
  std::string_view note;
  // Its path in `--dump resolve` ("targets.*.components.*.resources.cpu"); empty when the dump
  // does not show it.
  std::string_view dump;
};

// Service rows first (in the subject's order), then the project's.
const std::vector<FieldView>& field_views();

}  // namespace infrac
