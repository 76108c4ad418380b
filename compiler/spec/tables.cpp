// spec-v1, as data: the field registry. To add a field: add a row to the table of its concept
// (tables_component.cpp, tables_service.cpp, tables_project.cpp, tables_platform.cpp), say
// where its resolved value shows in field_views.cpp, handle it in resolve/build_model.cpp,
// document it in docs/spec-language.md (CONTRIBUTING.md walks
// through it).
#include "spec/schema_builder.h"

namespace infrac {
namespace {

const SchemaBuilder& tables() {
  static const SchemaBuilder instance;
  return instance;
}

}  // namespace

void SchemaBuilder::build() {
  build_service();
  build_project();
}

const Field* Schema::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Schema& project_file_schema() {
  return *tables().project_file;
}
const Schema& service_file_schema() {
  return *tables().service_file;
}
const Schema& service_spec_schema() {
  return *tables().service_spec;
}

}  // namespace infrac
