#include "spec/yaml_syntax_explain.h"

#include <optional>
#include <vector>

#include "spec/yaml_syntax_lines.h"

namespace infrac {
namespace {

using Explained = std::optional<YamlSyntaxExplanation>;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}
std::string spaces(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " space" : " spaces");
}

// "a key of 'spec'" or "a top-level key", for the level whose lines are indented by `indent`.
std::string key_of_level(const YamlLines& lines, std::size_t at, std::size_t indent) {
  std::string parent = lines.parent_key(at, indent);
  return parent.empty() ? "a top-level key" : "a key of " + quoted(parent);
}

// A line with a tab in its indentation, at or just above the line the parser stopped at.
Explained tab_in_indentation(const YamlLines& lines, std::size_t line, bool certain) {
  std::size_t first = certain ? 0 : lines.previous_content(line);
  if (first == kNone) first = line;
  for (std::size_t i = first; i <= line && i < lines.size(); ++i) {
    std::optional<std::size_t> tab = lines.tab_in_indent(i);
    if (!tab) continue;
    return YamlSyntaxExplanation{*tab, 1, "tab character in the indentation",
                                 "YAML indentation must use spaces, not tabs: replace the tab "
                                 "with spaces"};
  }
  return std::nullopt;
}

// `image:x` is one plain word; YAML notices only when the next key's ':' arrives.
Explained missing_space_after_colon(const YamlLines& lines, std::size_t line) {
  std::size_t above = lines.previous_content(line);
  if (above == kNone) return std::nullopt;
  std::optional<std::size_t> colon = lines.glued_colon(above);
  if (!colon) return std::nullopt;
  std::string_view body = lines.body(above);
  std::size_t at = *colon - lines.body_offset(above);
  std::string fixed = std::string(body.substr(0, at + 1)) + " " + std::string(body.substr(at + 1));
  return YamlSyntaxExplanation{
      *colon, 1, quoted(body) + " is read as one word, not as a key and its value",
      "a value on the same line as a key needs a space after ':': " + fixed};
}

// `image: x: y` — a second ": " inside an unquoted value.
Explained colon_in_value(const YamlLines& lines, std::size_t line, std::size_t offset) {
  std::optional<YamlKeyLine> key = lines.key(line);
  if (!key || key->value.empty() || key->value_quoted) return std::nullopt;
  if (offset <= key->colon) return std::nullopt;
  std::size_t inner = key->value.find(": ");
  if (inner == std::string_view::npos && !key->value.ends_with(':')) return std::nullopt;
  std::size_t at =
      key->value_offset + (inner == std::string_view::npos ? key->value.size() - 1 : inner);
  return YamlSyntaxExplanation{
      at, 1,
      "the value of " + quoted(key->name) + " contains ': ', which starts another key in YAML",
      "quote the value: " + std::string(key->name) + ": \"" + std::string(key->value) + "\""};
}

// A key indented under a key that already has a value on its own line.
Explained indented_under_value(const YamlLines& lines, std::size_t line) {
  std::size_t above = lines.previous_content(line);
  if (above == kNone || lines.indent(line) <= lines.indent(above)) return std::nullopt;
  std::optional<YamlKeyLine> parent = lines.key(above);
  std::optional<YamlKeyLine> self = lines.key(line);
  if (!parent || parent->value.empty() || !self) return std::nullopt;
  std::size_t indent = lines.indent(above);
  return YamlSyntaxExplanation{
      self->name_offset, static_cast<std::uint32_t>(self->name.size()),
      quoted(self->name) + " is indented under " + quoted(parent->name) + " (line " +
          std::to_string(above + 1) + "), which already has a value",
      "indent " + quoted(self->name) + " by " + spaces(indent) + " like " + quoted(parent->name) +
          " to make it " + key_of_level(lines, above, indent) +
          "; a key with a value on its line cannot also hold keys"};
}

// `a: "abc" d` or `a: 'it's'`: text after the closing quote.
Explained text_after_quote(const YamlLines& lines, std::size_t line) {
  std::optional<YamlKeyLine> key = lines.key(line);
  if (!key || !key->value_quoted || key->after_quote == kNone) return std::nullopt;
  std::string help = "put the whole value inside the quotes";
  if (key->value.front() == '\'') help += "; inside single quotes a quote is written twice ('')";
  return YamlSyntaxExplanation{key->after_quote, 1,
                               "text after the closing quote of the value of " + quoted(key->name),
                               help};
}

// Keys after list items (or list items after keys) at one indentation.
Explained mixed_block(const YamlLines& lines, std::size_t line) {
  std::size_t sibling = lines.previous_at_or_left(line);
  if (sibling == kNone || lines.indent(sibling) != lines.indent(line)) return std::nullopt;
  bool item = lines.is_item(line);
  if (item == lines.is_item(sibling)) return std::nullopt;
  std::size_t indent = lines.indent(line);
  std::string parent = lines.parent_key(line, indent);
  std::string where = parent.empty() ? "the top level" : quoted(parent);
  std::size_t at = lines.start(line) + indent;
  if (item) {
    return YamlSyntaxExplanation{
        at, 1, "a list item at the same indentation as the keys of " + where,
        "a YAML block holds either keys or list items, not both: to give a key a list, leave its "
        "value empty ('key:') and indent the items under it"};
  }
  std::optional<YamlKeyLine> self = lines.key(line);
  std::string name = self ? std::string(self->name) : std::string(lines.body(line));
  return YamlSyntaxExplanation{
      at, static_cast<std::uint32_t>(self ? self->name.size() : 1),
      quoted(name) + " follows the list items of " + where + " at the same indentation",
      "a YAML block holds either list items or keys, not both: indent " + quoted(name) +
          " less to make it a key beside " + where + ", or write it as an item: - " +
          std::string(lines.body(line))};
}

// A line dedented to a column where no key above it starts.
Explained misaligned(const YamlLines& lines, std::size_t line, std::size_t offset) {
  std::size_t indent = lines.indent(line);
  std::vector<std::size_t> levels = lines.levels_above(line);
  if (levels.empty() || offset != lines.start(line) + indent) return std::nullopt;
  std::size_t deeper = kNone, shallower = kNone;
  for (std::size_t level : levels) {
    if (level == indent) return std::nullopt;
    if (level > indent && (deeper == kNone || level < deeper)) deeper = level;
    if (level < indent && (shallower == kNone || level > shallower)) shallower = level;
  }
  std::optional<YamlKeyLine> self = lines.key(line);
  std::string name = self ? quoted(self->name) : "this line";
  std::string help;
  for (std::size_t level : {deeper, shallower}) {
    if (level == kNone) continue;
    std::string how =
        level == 0 ? "start it at the beginning of the line" : "indent it by " + spaces(level);
    help += (help.empty() ? "" : ", or ") + how + " to make it " + key_of_level(lines, line, level);
  }
  return YamlSyntaxExplanation{
      lines.start(line) + indent, static_cast<std::uint32_t>(self ? self->name.size() : 1),
      name + " is indented by " + spaces(indent) + ", which lines up with no key above it", help};
}

// `key: - x`: a block list cannot start on its key's line.
Explained list_on_key_line(const YamlLines& lines, std::size_t line, std::size_t offset) {
  std::optional<YamlKeyLine> key = lines.key(line);
  if (!key || offset <= key->colon || lines.unclosed_bracket(offset)) return std::nullopt;
  return YamlSyntaxExplanation{
      offset, 1, "a list cannot start on the line of its key " + quoted(key->name),
      "put each item on a line of its own, indented under " + quoted(key->name) +
          " ('- item'), or write the list in brackets: " + std::string(key->name) + ": [...]"};
}

// The innermost '[' or '{' still open at `offset`.
Explained unclosed_flow(const YamlLines& lines, std::size_t offset) {
  std::optional<std::size_t> open = lines.unclosed_bracket(offset);
  if (!open) return std::nullopt;
  char bracket = lines.at(*open);
  char closing = bracket == '[' ? ']' : '}';
  std::string help = std::string("add the closing '") + closing + "' after the last item";
  std::size_t line = lines.line_of(*open);
  std::string_view rest = lines.text(line).substr(*open - lines.start(line));
  if (rest.find_first_of("[]{}#", 1) == std::string_view::npos) {
    help += ": " + std::string(lines.body(line)) + closing;
  }
  return YamlSyntaxExplanation{*open, 1,
                               std::string(bracket == '[' ? "list" : "map") + " opened with '" +
                                   bracket + "' is never closed",
                               help};
}

Explained by_rules(const YamlLines& lines, YamlProblem problem, std::size_t offset) {
  std::size_t line = lines.line_of(offset);
  if (problem == YamlProblem::TabInIndentation) return tab_in_indentation(lines, line, true);
  bool structural = problem == YamlProblem::MapValue || problem == YamlProblem::MapKey ||
                    problem == YamlProblem::EndOfMap || problem == YamlProblem::EndOfSeq ||
                    problem == YamlProblem::BlockEntry;
  if (problem == YamlProblem::EndOfSeqFlow || problem == YamlProblem::EndOfMapFlow) {
    return unclosed_flow(lines, offset);
  }
  if (!structural) return std::nullopt;
  if (Explained tab = tab_in_indentation(lines, line, false)) return tab;
  if (problem == YamlProblem::MapValue) {
    if (Explained e = colon_in_value(lines, line, offset)) return e;
    if (Explained e = missing_space_after_colon(lines, line)) return e;
    if (Explained e = indented_under_value(lines, line)) return e;
  }
  if (problem == YamlProblem::BlockEntry) {
    if (Explained e = list_on_key_line(lines, line, offset)) return e;
  }
  if (problem == YamlProblem::EndOfMap || problem == YamlProblem::EndOfSeq ||
      problem == YamlProblem::BlockEntry) {
    if (Explained e = text_after_quote(lines, line)) return e;
    if (Explained e = mixed_block(lines, line)) return e;
    if (Explained e = misaligned(lines, line, offset)) return e;
    if (Explained e = missing_space_after_colon(lines, line)) return e;
  }
  return std::nullopt;
}

// Words for the parser's other messages, at the parser's position.
YamlSyntaxExplanation fallback(const YamlLines& lines, YamlProblem problem,
                               std::string_view message, std::size_t offset) {
  std::string text(message);
  if (problem == YamlProblem::MapValue) {
    return {offset, 1, "a ':' where this line cannot start a key",
            "check this line's indentation against the lines above; quote a value that holds "
            "': '"};
  }
  if (problem == YamlProblem::EndOfMap || problem == YamlProblem::EndOfSeq) {
    return {offset, 1, "this line does not fit the block above it",
            "keys of one map line up at the same indentation; list items start with '- '"};
  }
  if (problem == YamlProblem::BlockEntry) {
    return {offset, 1, "a list item ('- ') where this block holds keys",
            "a YAML block holds either keys or list items: indent the item under a key whose "
            "value is empty ('key:')"};
  }
  if (problem == YamlProblem::FlowEnd) {
    return {offset, 1,
            std::string("'") + lines.at(offset) + "' closes nothing: no bracket is open here",
            "remove it, or add the opening bracket before the first item"};
  }
  if (problem == YamlProblem::UnknownToken && offset < lines.bytes()) {
    char c = lines.at(offset);
    if (c == '@' || c == '`' || c == '%') {
      return {offset, 1, std::string("a plain value cannot start with '") + c + "'",
              "quote the value"};
    }
  }
  if (problem == YamlProblem::InvalidEscape && text.find(": ") != std::string::npos) {
    return {
        offset, 1,
        "unknown escape in a double-quoted value: '\\" + text.substr(text.rfind(": ") + 2) + "'",
        "inside double quotes a backslash starts an escape: write '\\\\' for a backslash, "
        "or use single quotes"};
  }
  return {offset, 1, text, ""};
}

}  // namespace

YamlSyntaxExplanation explain_yaml_syntax(std::string_view text, YamlProblem problem,
                                          std::string_view parser_message, std::size_t offset) {
  YamlLines lines(text);
  if (Explained e = by_rules(lines, problem, offset)) return *e;
  return fallback(lines, problem, parser_message, offset);
}

}  // namespace infrac
