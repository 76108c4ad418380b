// Checks a source-model node against a spec-v1 field table: types, enums, formats, ranges,
// required and unknown fields (with "did you mean"). Semantic rules that need more than one
// field (a port on a worker, consumes naming a queue) live in resolve/, not here.
// Tested by tests/unit/validate_test.cpp and the invalid-spec corpus.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "spec/node.h"
#include "spec/schema.h"

namespace infrac {

struct ValidateOptions {
  // Environment overrides: every field optional, null allowed (it removes the field).
  bool partial = false;
};

// `path` names the node in messages ("spec.components.api"); `owner` is where a missing
// required field is reported (the key that introduces the mapping).
void validate_node(const Node& node, const Schema& schema, const std::string& path, Location owner,
                   const ValidateOptions& options, Diagnostics& diagnostics);

// True when `text` has the format (length cap first, then the anchored RE2 pattern).
bool matches_format(const Format& format, std::string_view text);

}  // namespace infrac
