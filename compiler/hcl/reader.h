// Reading one HCL file: limits first (size, nesting), then the tree-sitter parse, then the
// first syntax error as one diagnostic at its line:column, else the model.
// Tested by tests/unit/hcl_test.cpp and tests/corpus/hcl-errors.
#pragma once

#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "hcl/model.h"

namespace infrac {

struct HclLimits {
  std::size_t max_bytes = 4u << 20;  // larger .tf files are generated data, not configuration
  int max_nesting = 256;             // brackets, braces and parentheses
};

// Parses a file already added to `files`. Reports at most one syntax error per file: after
// the first, error recovery guesses and further messages mislead more than they help.
std::optional<HclFile> read_hcl(const SourceFiles& files, FileId id, Diagnostics& diagnostics,
                                const HclLimits& limits = {});

}  // namespace infrac
