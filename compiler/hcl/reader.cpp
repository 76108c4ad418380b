#include "hcl/reader.h"

#include <algorithm>
#include <cctype>

#include "base/utf8.h"
#include "hcl/build_model.h"
#include "hcl/syntax_tree.h"

namespace infrac {
namespace {

// Where bracket nesting first passes `limit`, scanning as HCL's lexer would: brackets in
// expressions and template interpolations count; comments, string text and heredoc bodies do
// not. A cheap pass before the parser, so no later recursion ever sees a deeper tree.
std::optional<std::size_t> too_deep(std::string_view text, int limit) {
  enum class Frame : char { Bracket, String, Interpolation };
  std::vector<Frame> stack;
  int depth = 0;
  auto in_string = [&] { return !stack.empty() && stack.back() == Frame::String; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (in_string()) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\n') {
        stack.pop_back();  // a newline ends an unterminated string: the parser reports it
      } else if ((c == '$' || c == '%') && next == '{') {
        stack.push_back(Frame::Interpolation);
        if (++depth > limit) return i;
        ++i;
      }
      continue;
    }
    if (c == '#' || (c == '/' && next == '/')) {
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (c == '/' && next == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string_view::npos) break;
      ++i;
    } else if (c == '"') {
      stack.push_back(Frame::String);
    } else if (c == '<' && next == '<') {
      // Heredoc: skip to the line that holds only the marker.
      std::size_t start = i + 2 + (i + 2 < text.size() && text[i + 2] == '-');
      std::size_t end = start;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   text[end] == '_' || text[end] == '-')) {
        ++end;
      }
      std::string_view marker = text.substr(start, end - start);
      std::size_t line = text.find('\n', end);
      while (!marker.empty() && line != std::string_view::npos) {
        std::size_t next_line = text.find('\n', line + 1);
        std::string_view l =
            text.substr(line + 1, next_line == std::string_view::npos ? std::string_view::npos
                                                                      : next_line - line - 1);
        std::size_t first = l.find_first_not_of(" \t");
        std::size_t last = l.find_last_not_of(" \t\r");
        if (first != std::string_view::npos && l.substr(first, last - first + 1) == marker) break;
        line = next_line;
      }
      if (marker.empty()) continue;
      if (line == std::string_view::npos) break;
      i = line;
    } else if (c == '{' || c == '[' || c == '(') {
      stack.push_back(Frame::Bracket);
      if (++depth > limit) return i;
    } else if (c == '}' || c == ']' || c == ')') {
      if (!stack.empty()) {
        stack.pop_back();
        --depth;
      }
    }
  }
  return std::nullopt;
}

// The first node in document order that is an error or was inserted by recovery.
const SyntaxNode* first_error(const SyntaxTree& tree) {
  std::vector<std::uint32_t> stack{0};
  while (!stack.empty()) {
    const SyntaxNode& n = tree.nodes[stack.back()];
    stack.pop_back();
    if (n.kind == SyntaxKind::Error || n.missing) return &n;
    for (std::uint32_t i = n.child_count; i > 0; --i) stack.push_back(n.first_child + i - 1);
  }
  return nullptr;
}

// Where an error node went wrong. Recovery wraps everything since the last point the grammar
// could resume (often the enclosing block's first word) and ends at the token it could not
// place, so that is the error node's last child; its first leaf is the token to show.
const SyntaxNode& offending_leaf(const SyntaxTree& tree, const SyntaxNode& error) {
  const SyntaxNode* at = &error;
  if (at->child_count > 0) at = &tree.child(*at, at->child_count - 1);
  while (at->child_count > 0 && !at->missing) at = &tree.child(*at, 0);
  return *at;
}

std::string describe(std::string_view token) {
  if (token.empty()) return "end of file";
  std::string shown(token.substr(0, std::min<std::size_t>(token.find('\n'), 40)));
  return "'" + shown + "'";
}

}  // namespace

std::optional<HclFile> read_hcl(const SourceFiles& files, FileId id, Diagnostics& diagnostics,
                                const HclLimits& limits) {
  const SourceFile* source = files.get(id);
  if (!source) return std::nullopt;
  const std::string& text = source->text;
  auto at = [&](std::size_t offset, std::uint32_t length = 1) {
    Location l = source->location_of(offset, length);
    l.file = id;
    return l;
  };
  if (text.size() > limits.max_bytes) {
    diagnostics.add(DiagCode::kHclLimit, at(0),
                    "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                        std::to_string(limits.max_bytes));
    return std::nullopt;
  }
  if (auto bad = find_invalid_utf8(text)) {
    diagnostics.add(DiagCode::kHclSyntax, at(*bad),
                    text[*bad] == '\0' ? "NUL byte in the file" : "invalid UTF-8");
    return std::nullopt;
  }
  if (auto deep = too_deep(text, limits.max_nesting)) {
    diagnostics.add(DiagCode::kHclLimit, at(*deep),
                    "nesting depth > " + std::to_string(limits.max_nesting));
    return std::nullopt;
  }
  SyntaxTree tree = parse_syntax(text);
  if (tree.timed_out) {
    diagnostics.add(DiagCode::kHclLimit, at(0), "the parser gave up on this file (time budget)");
    return std::nullopt;
  }
  if (tree.has_error) {
    const SyntaxNode* error = first_error(tree);
    if (!error) error = &tree.root();
    if (error->kind == SyntaxKind::Error && error->child_count > 0)
      error = &offending_leaf(tree, *error);
    // A missing closing delimiter reads well as "expected"; recovery's other guesses (a heredoc
    // marker where a second '=' stands) do not, so those show the token found instead.
    static const std::vector<std::string_view> delimiters = {"}", "]", ")", ":", "\"", "=", "?"};
    bool expected = error->missing && std::find(delimiters.begin(), delimiters.end(),
                                                std::string_view(error->type)) != delimiters.end();
    if (expected) {
      diagnostics.add(DiagCode::kHclSyntax, at(error->start), "expected " + describe(error->type));
    } else {
      const SyntaxNode& leaf = *error;
      std::string_view token(text.data() + leaf.start, leaf.end - leaf.start);
      if (token.empty()) {  // a zero-width guess: show what the source has there
        std::string_view rest = std::string_view(text).substr(leaf.start);
        token = rest.substr(0, std::min(rest.find_first_of(" \t\r\n"), rest.size()));
      }
      bool opener = token == "[" || token == "{" || token == "(" || token == "\"" || token == "${";
      bool at_end = std::string_view(text).substr(leaf.end).find_first_not_of(" \t\r\n") ==
                    std::string_view::npos;
      std::string message = opener && at_end
                                ? describe(token) + " is not closed before the end of the file"
                                : "unexpected " + describe(token);
      diagnostics.add(DiagCode::kHclSyntax,
                      at(leaf.start, std::max<std::uint32_t>(
                                         1, utf8_length(token.substr(0, token.find('\n'))))),
                      message);
    }
    return std::nullopt;
  }
  return build_model(tree, *source, id);
}

}  // namespace infrac
