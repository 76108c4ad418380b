// A source-model tree as bytes and back, for the parsed-spec cache (spec/spec_cache.h): every
// node's kind, text, keys and locations (line, column, length), so a tree read back gives the
// same diagnostics, carets included, as the tree the parser built. Locations are stored without
// their file: the tree is read back into whatever id the file has in that run.
// Tested by tests/unit/spec_cache_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "spec/node.h"

namespace infrac {

// Appends `root` to `out`. False (and `out` unusable) when a location of the tree names a file
// other than `file`: such a tree is not one file's parse.
bool encode_node(const Node& root, FileId file, std::string& out);

// Reads one tree from `in` at `pos` (advanced past it), its locations in `file`. Nothing when
// the bytes are not a tree this encoder wrote: out of bounds, an unknown kind, deeper than
// `max_depth`. Never throws for bad bytes.
std::optional<Node> decode_node(std::string_view in, std::size_t& pos, FileId file,
                                unsigned max_depth);

}  // namespace infrac
