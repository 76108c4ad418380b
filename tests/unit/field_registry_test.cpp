// One field registry (issue #28): the schema tables (spec/tables_*.cpp) and the rows that say
// where each field shows once resolved (spec/field_views.h). A field added to the tables
// without a row, a row naming no field, a field missing from the JSON Schema, or a path the
// resolve dump writes that no row declares (or one declared that it never writes) fails here;
// tests/unit/subject_shape_test.cpp holds service_view() to the shape the rows generate.
#include <catch2/catch.hpp>

#include <set>

#include "pipeline/compile.h"
#include "pipeline/dump.h"
#include "spec/field_views.h"
#include "spec/json_schema.h"
#include "spec/schema.h"
#include "support.h"

using namespace infrac;
using json = nlohmann::ordered_json;

namespace {

struct Fields {
  std::set<std::string> all;     // every field path, objects and `*` included
  std::set<std::string> leaves;  // the values a row must account for
};

std::string join(const std::string& path, std::string_view name) {
  return path.back() == ':' ? path + std::string(name) : path + "." + std::string(name);
}

bool has_fields(const Schema& s) {
  if (s.type == ValueType::Object) return true;
  if (s.type != ValueType::OneOf) return false;
  for (const Schema* alt : s.alternatives) {
    if (alt->type == ValueType::Object) return true;
  }
  return false;
}

// A map of overrides is the spec again: one leaf, like a map or list of scalars.
void walk(const Schema& s, const std::string& path, Fields& out) {
  out.all.insert(path);
  switch (s.type) {
    case ValueType::Object:
      for (const auto& f : s.fields) walk(*f.schema, join(path, f.name), out);
      return;
    case ValueType::MapOf:
    case ValueType::ListOf:
      if (s.partial_items) break;
      if (!has_fields(*s.items)) {
        out.all.insert(path + ".*");
        break;
      }
      walk(*s.items, path + ".*", out);
      return;
    case ValueType::OneOf:
      for (const Schema* alt : s.alternatives) {
        if (alt->type != ValueType::Object) out.leaves.insert(path);
        if (alt->type == ValueType::Object) {
          for (const auto& f : alt->fields) walk(*f.schema, join(path, f.name), out);
        }
      }
      return;
    case ValueType::String:
    case ValueType::StringLike:
    case ValueType::Int:
    case ValueType::Bool:
    case ValueType::Enum:
      break;
  }
  out.leaves.insert(path);
}

Fields registry_fields() {
  Fields out;
  for (const auto& f : service_file_schema().fields) walk(*f.schema, "service:" + f.name, out);
  for (const auto& f : project_file_schema().fields) walk(*f.schema, "project:" + f.name, out);
  return out;
}

// Every property path of a generated JSON Schema, in the registry's spelling.
void schema_paths(const json& j, const std::string& path, std::set<std::string>& out) {
  for (const char* alternatives : {"oneOf", "anyOf"}) {
    if (j.contains(alternatives)) {
      for (const auto& alt : j[alternatives]) schema_paths(alt, path, out);
    }
  }
  if (j.contains("properties")) {
    for (const auto& [key, value] : j["properties"].items()) {
      out.insert(join(path, key));
      schema_paths(value, join(path, key), out);
    }
  }
  for (const char* inner : {"additionalProperties", "items"}) {
    if (j.contains(inner) && j[inner].is_object()) {
      out.insert(path + ".*");
      schema_paths(j[inner], path + ".*", out);
    }
  }
}

// The paths the dump writes; a declared path is not looked into (a map of labels, a list).
void dump_paths(const json& j, const std::string& path, const std::set<std::string>& declared,
                std::set<std::string>& out) {
  if (declared.count(path)) {
    out.insert(path);
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      dump_paths(value, path.empty() ? key : path + "." + key, declared, out);
  } else if (j.is_array()) {
    for (const auto& item : j) dump_paths(item, path + ".*", declared, out);
  } else {
    out.insert(path);
  }
}

}  // namespace

TEST_CASE("architecture: one field registry: every field has a row, every row a field",
          "[architecture]") {
  Fields fields = registry_fields();
  for (const FieldView& row : field_views()) {
    INFO(row.field << " -> " << row.subject << " / " << row.dump);
    bool shown = !row.subject.empty() || !row.dump.empty();
    if (row.field.empty()) CHECK(shown);  // derived: it shows somewhere
    if (!row.field.empty()) CHECK(fields.all.count(std::string(row.field)) == 1);
    if (!shown) CHECK(!row.note.empty());  // shown nowhere: the row says why
  }
  for (const auto& leaf : fields.leaves) {
    bool covered = false;
    for (const FieldView& row : field_views()) {
      bool shown = !row.subject.empty() || !row.dump.empty();
      covered = covered || row.field == leaf ||
                (!shown && !row.field.empty() && leaf.rfind(std::string(row.field) + ".", 0) == 0);
    }
    INFO(leaf << ": give it a row in compiler/spec/field_views.cpp");
    CHECK(covered);
  }
  CHECK(fields.leaves.size() > 150);
}

TEST_CASE("architecture: one field registry: the JSON Schema has exactly the tables' fields",
          "[architecture]") {
  Fields fields = registry_fields();
  std::set<std::string> in_schema;
  schema_paths(json_schema("service", SchemaDraft::Draft2020_12), "service:", in_schema);
  schema_paths(json_schema("project", SchemaDraft::Draft2020_12), "project:", in_schema);
  fields.all.erase("service:");
  fields.all.erase("project:");
  // The overrides map repeats the spec under environments.*: the registry counts it once.
  std::erase_if(in_schema,
                [](const std::string& p) { return p.rfind("service:environments.*", 0) == 0; });
  CHECK(in_schema == fields.all);
}

TEST_CASE("architecture: one field registry: the resolve dump writes exactly the rows' paths",
          "[architecture]") {
  std::set<std::string> declared, written;
  for (const FieldView& row : field_views()) {
    if (!row.dump.empty()) declared.insert(std::string(row.dump));
  }
  test::TempDir extra;
  for (const auto& root : test::every_field_projects(extra)) {
    CompileOptions options;
    options.root = root;
    options.stop_after = Stage::Resolve;
    auto c = compile(options);
    REQUIRE(c->model);
    dump_paths(dump_model(*c->model, c->selected, c->files), "", declared, written);
  }
  for (const auto& path : written) {
    INFO(path << ": the dump writes it; give it a row in compiler/spec/field_views.cpp");
    CHECK(declared.count(path) == 1);
  }
  for (const auto& path : declared) {
    INFO(path << ": a row declares it; no project's dump writes it");
    CHECK(written.count(path) == 1);
  }
}
