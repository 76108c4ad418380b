#include "hcl/reader.h"

#include <algorithm>

#include "base/utf8.h"
#include "hcl/build_model.h"
#include "hcl/syntax_tree.h"

namespace infrac {
namespace {

// Deepest bracket nesting outside comments, stopping as soon as it passes `limit`. Brackets in
// strings count too: a rare false alarm is better than a recursion that deep later.
std::optional<std::size_t> too_deep(std::string_view text, int limit) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '#' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) {
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string_view::npos) break;
      ++i;
    } else if (c == '{' || c == '[' || c == '(') {
      if (++depth > limit) return i;
    } else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
      --depth;
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
