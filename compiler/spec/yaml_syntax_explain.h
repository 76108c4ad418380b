// Turns yaml-cpp's structural errors ("illegal map value", "end of map not found", "illegal tab
// when looking for indentation", ...) into a sentence in words, a help, and the position of the
// cause, which is often a line above the one the parser stopped at (a missing space after ':'
// is only noticed when the next key arrives; an unclosed '[' when the next line starts).
// Tested by tests/unit/yaml_syntax_explain_test.cpp and the corpus cases it names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace infrac {

// yaml-cpp's structural messages, told apart by yaml_loader.cpp (yaml-cpp's one includer).
enum class YamlProblem {
  TabInIndentation,  // "illegal tab when looking for indentation"
  MapValue,          // "illegal map value"
  MapKey,            // "illegal map key"
  BlockEntry,        // "illegal block entry"
  EndOfMap,          // "end of map not found"
  EndOfSeq,          // "end of sequence not found"
  EndOfMapFlow,      // "end of map flow not found"
  EndOfSeqFlow,      // "end of sequence flow not found"
  FlowEnd,           // "illegal flow end"
  UnknownToken,      // "unknown token"
  InvalidEscape,     // "unknown escape character: X"
  Other,
};

struct YamlSyntaxExplanation {
  std::size_t offset = 0;    // byte offset of the cause in the file
  std::uint32_t length = 1;  // bytes to underline (ASCII in every case that sets it above 1)
  std::string message;
  std::string help;
};

// `parser_message` is yaml-cpp's text (kept for the problems without words of their own),
// `offset` the byte offset of its mark in `text`.
YamlSyntaxExplanation explain_yaml_syntax(std::string_view text, YamlProblem problem,
                                          std::string_view parser_message, std::size_t offset);

}  // namespace infrac
