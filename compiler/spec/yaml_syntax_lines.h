// A line-by-line view of a YAML file that did not parse, for yaml_syntax_explain.cpp: the
// indentation, key and value of each line, read leniently (the file is known to be broken).
// Tested by tests/unit/yaml_syntax_explain_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infrac {

// `name: value` on one line; offsets are bytes from the start of the file.
struct YamlKeyLine {
  std::string_view name;
  std::size_t name_offset = 0;
  std::size_t colon = 0;
  std::string_view value;  // without a trailing comment or spaces; empty for `name:`
  std::size_t value_offset = 0;
  bool value_quoted = false;
  std::size_t after_quote = static_cast<std::size_t>(-1);  // text after the closing quote
};

class YamlLines {
 public:
  explicit YamlLines(std::string_view text);

  std::size_t size() const { return starts_.size(); }
  std::size_t bytes() const { return text_.size(); }
  char at(std::size_t offset) const { return text_[offset]; }
  std::size_t line_of(std::size_t offset) const;
  std::size_t start(std::size_t line) const { return starts_[line]; }
  std::string_view text(std::size_t line) const;
  std::size_t indent(std::size_t line) const;
  // The text after the indentation and any `- ` item markers.
  std::string_view body(std::size_t line) const;
  std::size_t body_offset(std::size_t line) const;
  bool is_item(std::size_t line) const;
  std::optional<YamlKeyLine> key(std::size_t line) const;

  // Nearest line above holding data (not blank, not a comment), or -1.
  std::size_t previous_content(std::size_t line) const;
  // Nearest such line indented no deeper than `line`, or -1.
  std::size_t previous_at_or_left(std::size_t line) const;
  // The key of the nearest line above `line` indented less than `indent`, or "".
  std::string parent_key(std::size_t line, std::size_t indent) const;
  // The indentations a line below could line up with: each line above that starts left of
  // every line between it and `line`.
  std::vector<std::size_t> levels_above(std::size_t line) const;

  std::optional<std::size_t> tab_in_indent(std::size_t line) const;
  // The ':' of `word:value`, a key glued to its value, or nothing.
  std::optional<std::size_t> glued_colon(std::size_t line) const;
  // The innermost '[' or '{' opened before `offset` and not closed by then.
  std::optional<std::size_t> unclosed_bracket(std::size_t offset) const;

 private:
  bool is_content(std::size_t line) const;
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace infrac
