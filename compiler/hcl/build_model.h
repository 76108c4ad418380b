// Syntax tree -> HclFile. Assumes a tree without errors (reader.cpp reports those first).
// Tested by tests/unit/hcl_test.cpp.
#pragma once

#include "base/source_files.h"
#include "hcl/model.h"
#include "hcl/syntax_tree.h"

namespace infrac {

HclFile build_model(const SyntaxTree& tree, const SourceFile& source, FileId id);

// A template literal's escapes decoded: \n \t \" \\ \uNNNN..., and $${ / %%{ in both forms.
std::string decode_template_text(std::string_view raw, bool heredoc);

}  // namespace infrac
