// JSON Schema for editors and CI, generated from the same field tables the validator uses.
// Tested by tests/cli/commands_test.cpp and tests/tooling/schema.test.mjs (ajv).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

enum class SchemaDraft { Draft2020_12, Draft7 };

// `which`: "service", "project", or "" for one schema accepting either file (by kind).
nlohmann::ordered_json json_schema(std::string_view which, SchemaDraft draft);

}  // namespace infrac
