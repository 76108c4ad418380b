// Diagnostics for people (text with the source line and a caret) and for machines (JSON of
// cli.md). Both render the same Diagnostic values.
// Tested by tests/unit/diagnostic_test.cpp (text pinned to the byte).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"

namespace infrac {

struct TextStyle {
  bool color = false;
};

// services/payments/service.yaml:12:7: error[E0102]: unknown service 'userz'
//    12 |     - userz
//       |       ^~~~~
// help: did you mean 'users'?
std::string render_text(const Diagnostic& diagnostic, const SourceFiles& files,
                        const TextStyle& style = {});

// "file:line:col" (or "infrac" when the location is unknown), and the quoted source line with
// a caret under the location; shared with the policy findings' renderers.
std::string location_prefix(const Location& location, const SourceFiles& files);
std::string source_snippet(const Location& location, const SourceFiles& files);

nlohmann::ordered_json diagnostic_json(const Diagnostic& diagnostic, const SourceFiles& files);

}  // namespace infrac
