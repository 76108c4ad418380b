// The three passes of hclwrite's format.go (indent, spaces, cells) over the token stream of
// format_tokens.cpp, after Terraform's own rewrites of attribute values (command/fmt.go), so
// that the output is what `terraform fmt` writes.
#include "hcl/format.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "base/utf8.h"
#include "hcl/format_tokens.h"
#include "hcl/syntax_tree.h"

namespace infrac {
namespace {

using namespace hcl_format;

// ---- Terraform's rewrites of attribute values (command/fmt.go) ----

Token make(T type, std::string bytes) {
  return Token{type, std::move(bytes), 0, 0};
}

// "${x}" -> x, when the quotes hold exactly one interpolation and nothing else.
std::vector<Token> unwrap_interpolation(const std::vector<Token>& tokens) {
  if (tokens.size() < 5) return tokens;
  if (tokens.front().type != T::OQuote || tokens[1].type != T::TemplateInterp ||
      tokens[1].bytes != "${" || tokens[tokens.size() - 2].type != T::TemplateSeqEnd ||
      tokens[tokens.size() - 2].bytes != "}" || tokens.back().type != T::CQuote) {
    return tokens;
  }
  std::vector<Token> inside(tokens.begin() + 2, tokens.end() - 2);
  int quotes = 0;
  for (const auto& t : inside) {
    if (t.type == T::OQuote || t.type == T::OHeredoc) {
      ++quotes;
      continue;
    }
    if (t.type == T::CQuote || t.type == T::CHeredoc) {
      --quotes;
      continue;
    }
    if (quotes > 0) continue;
    if (t.type == T::TemplateInterp || t.type == T::TemplateSeqEnd ||
        t.type == T::TemplateControl || t.type == T::QuotedLit) {
      return tokens;
    }
  }
  while (!inside.empty() && inside.front().type == T::Newline) inside.erase(inside.begin());
  while (!inside.empty() && inside.back().type == T::Newline) inside.pop_back();
  if (inside.empty()) return tokens;
  bool multi_line = false;
  for (const auto& t : inside) multi_line = multi_line || t.type == T::Newline;
  bool parens = inside.front().type == T::OParen && inside.back().type == T::CParen;
  if (multi_line && !parens) {
    inside.insert(inside.begin(), make(T::OParen, "("));
    inside.push_back(make(T::CParen, ")"));
  }
  return inside;
}

// In a variable block: type = "string" -> string, list -> list(any), "map" -> map(string).
std::vector<Token> normalise_type(const std::vector<Token>& tokens) {
  auto call = [](std::string name, std::string arg) {
    return std::vector<Token>{make(T::Ident, std::move(name)), make(T::OParen, "("),
                              make(T::Ident, std::move(arg)), make(T::CParen, ")")};
  };
  if (tokens.size() == 1 && tokens[0].type == T::Ident) {
    const std::string& k = tokens[0].bytes;
    if (k == "list" || k == "map" || k == "set") return call(k, "any");
  }
  if (tokens.size() == 3 && tokens[0].type == T::OQuote && tokens[1].type == T::QuotedLit &&
      tokens[2].type == T::CQuote) {
    const std::string& k = tokens[1].bytes;
    if (k == "string") return {make(T::Ident, "string")};
    if (k == "list" || k == "map") return call(k, "string");
  }
  return tokens;
}

struct ValueRange {
  std::uint32_t start, end;  // source bytes of an attribute's expression
  bool variable_type;        // `type` directly in a top-level variable block
};

std::string_view attribute_name(const SyntaxTree& tree, const SyntaxNode& a,
                                std::string_view text) {
  for (std::uint32_t i = 0; i < a.child_count; ++i) {
    const SyntaxNode& c = tree.child(a, i);
    if (c.kind == SyntaxKind::Identifier) return text.substr(c.start, c.end - c.start);
  }
  return {};
}

std::vector<ValueRange> attribute_values(const SyntaxTree& tree, std::string_view text) {
  // `type` attributes directly in top-level variable blocks, by their node index.
  std::vector<std::uint32_t> type_attributes;
  const SyntaxNode& root = tree.root();
  for (std::uint32_t i = 0; i < root.child_count; ++i) {
    const SyntaxNode& body = tree.child(root, i);
    if (body.kind != SyntaxKind::Body) continue;
    for (std::uint32_t j = 0; j < body.child_count; ++j) {
      const SyntaxNode& b = tree.child(body, j);
      if (b.kind != SyntaxKind::Block || b.child_count == 0) continue;
      const SyntaxNode& type = tree.child(b, 0);
      if (text.substr(type.start, type.end - type.start) != "variable") continue;
      for (std::uint32_t k = 0; k < b.child_count; ++k) {
        const SyntaxNode& inner = tree.child(b, k);
        if (inner.kind != SyntaxKind::Body) continue;
        for (std::uint32_t m = 0; m < inner.child_count; ++m) {
          const SyntaxNode& a = tree.child(inner, m);
          if (a.kind == SyntaxKind::Attribute && attribute_name(tree, a, text) == "type")
            type_attributes.push_back(inner.first_child + m);
        }
      }
    }
  }
  std::sort(type_attributes.begin(), type_attributes.end());
  std::vector<ValueRange> out;
  for (std::uint32_t index = 0; index < tree.nodes.size(); ++index) {
    const SyntaxNode& a = tree.nodes[index];
    if (a.kind != SyntaxKind::Attribute) continue;
    bool variable_type = std::binary_search(type_attributes.begin(), type_attributes.end(), index);
    for (std::uint32_t i = 0; i < a.child_count; ++i) {
      const SyntaxNode& c = tree.child(a, i);
      if (c.kind == SyntaxKind::Expression) out.push_back({c.start, c.end, variable_type});
    }
  }
  return out;
}

void rewrite_values(std::vector<Token>& tokens, const std::vector<ValueRange>& values) {
  // Each value's token range, left to right; the token list is rebuilt once at the end.
  std::vector<ValueRange> sorted = values;
  std::sort(sorted.begin(), sorted.end(),
            [](const ValueRange& a, const ValueRange& b) { return a.start < b.start; });
  struct Replacement {
    std::size_t first, last;
    std::vector<Token> tokens;
  };
  std::vector<Replacement> replacements;
  for (const auto& v : sorted) {
    auto first = std::lower_bound(tokens.begin(), tokens.end(), v.start,
                                  [](const Token& t, std::uint32_t at) { return t.source < at; });
    auto last = first;
    while (last != tokens.end() && last->source < v.end) ++last;
    // A trailing newline or comment inside the range belongs to the line, not the value.
    while (last != first &&
           (std::prev(last)->type == T::Newline || std::prev(last)->type == T::Comment)) {
      --last;
    }
    std::vector<Token> value(first, last);
    std::vector<Token> replaced =
        v.variable_type ? normalise_type(value) : unwrap_interpolation(value);
    if (replaced.size() == value.size()) {
      bool same = true;
      for (std::size_t i = 0; i < value.size() && same; ++i)
        same = value[i].bytes == replaced[i].bytes;
      if (same) continue;
    }
    std::uint32_t at = first->source;
    for (auto& t : replaced) t.source = at;
    replacements.push_back({static_cast<std::size_t>(first - tokens.begin()),
                            static_cast<std::size_t>(last - tokens.begin()), std::move(replaced)});
  }
  if (replacements.empty()) return;
  std::vector<Token> out;
  out.reserve(tokens.size());
  std::size_t pos = 0;
  for (auto& r : replacements) {
    for (; pos < r.first; ++pos) out.push_back(std::move(tokens[pos]));
    for (auto& t : r.tokens) out.push_back(std::move(t));
    pos = r.last;
  }
  for (; pos < tokens.size(); ++pos) out.push_back(std::move(tokens[pos]));
  tokens = std::move(out);
}

// ---- hclwrite's format passes ----

struct Line {
  std::vector<Token*> lead, assign, comment;
};

int columns(const std::vector<Token*>& cell) {
  int n = 0;
  for (const Token* t : cell) n += t->spaces + static_cast<int>(utf8_length(t->bytes));
  return n;
}

std::vector<Line> split_lines(std::vector<Token>& tokens) {
  std::vector<Line> lines(1);
  for (auto& t : tokens) {
    lines.back().lead.push_back(&t);
    if (ends_line(t)) lines.emplace_back();
  }
  for (auto& line : lines) {
    auto& lead = line.lead;
    if (lead.empty()) continue;
    if (lead.size() > 1 && lead.back()->type == T::Comment) {
      line.comment.push_back(lead.back());
      lead.pop_back();
    }
    for (std::size_t i = 1; i < lead.size(); ++i) {
      if (lead[i]->type != T::Equal) continue;
      int net = 0;
      for (std::size_t j = i; j < lead.size(); ++j) {
        net += bracket_change(*lead[j]);
        if (lead[j]->type == T::OHeredoc) break;
      }
      if (net == 0) {
        line.assign.assign(lead.begin() + static_cast<std::ptrdiff_t>(i), lead.end());
        lead.resize(i);
      }
      break;
    }
  }
  return lines;
}

void format_indent(std::vector<Line>& lines) {
  std::vector<int> indents;
  for (auto& line : lines) {
    if (line.lead.empty()) continue;
    if (line.lead[0]->type == T::Newline) {
      line.lead[0]->spaces = 0;
      continue;
    }
    int net = 0;
    for (const auto* cell : {&line.lead, &line.assign}) {
      for (const Token* t : *cell) {
        net += bracket_change(*t);
        if (t->type == T::OHeredoc) break;
      }
    }
    if (net > 0) {
      line.lead[0]->spaces = 2 * static_cast<int>(indents.size());
      indents.push_back(net);
    } else {
      int closed = -net;
      while (closed > 0 && !indents.empty()) {
        if (closed > indents.back()) {
          closed -= indents.back();
          indents.pop_back();
        } else if (closed < indents.back()) {
          indents.back() -= closed;
          closed = 0;
        } else {
          indents.pop_back();
          closed = 0;
        }
      }
      line.lead[0]->spaces = 2 * static_cast<int>(indents.size());
    }
  }
}

bool space_after(const Token& subject, const Token& before, const Token& after) {
  auto is = [](const Token& t, T type) { return t.type == type; };
  if (is(after, T::Newline) || is(after, T::Nil)) return false;
  if (is(subject, T::Ident) && is(after, T::OParen)) return false;
  if (is(subject, T::Dot) || is(after, T::Dot)) return false;
  if (is(after, T::Comma) || is(after, T::Ellipsis)) return false;
  if (is(subject, T::Comma)) return true;
  if (is(subject, T::QuotedLit) || is(subject, T::OQuote) || is(subject, T::OHeredoc) ||
      is(after, T::QuotedLit) || is(after, T::CQuote) || is(after, T::CHeredoc)) {
    return false;
  }
  if (is(subject, T::Ident) && subject.bytes == "in" && is(before, T::Ident)) return true;
  if (is(after, T::OBrack) &&
      (is(subject, T::Ident) || is(subject, T::Number) || bracket_change(subject) < 0)) {
    return false;
  }
  if (is(subject, T::Minus)) {
    switch (before.type) {
      case T::Nil:
      case T::OParen:
      case T::OBrace:
      case T::OBrack:
      case T::Equal:
      case T::Colon:
      case T::Comma:
      case T::Question:
      case T::Plus:
      case T::Star:
      case T::Slash:
      case T::Percent:
      case T::Minus:
      case T::EqualOp:
      case T::NotEqual:
      case T::Greater:
      case T::GreaterEq:
      case T::Less:
      case T::LessEq:
      case T::And:
      case T::Or:
      case T::Bang:
        return false;
      default:
        return true;
    }
  }
  if (is(subject, T::OBrace) || is(after, T::CBrace)) {
    return !(is(subject, T::OBrace) && is(after, T::CBrace));
  }
  if ((is(subject, T::TemplateInterp) || is(subject, T::TemplateControl)) && is(after, T::OBrace)) {
    return true;
  }
  if (is(subject, T::CBrace) && is(after, T::TemplateSeqEnd)) return true;
  if (is(subject, T::TemplateSeqEnd) &&
      (is(after, T::TemplateInterp) || is(after, T::TemplateControl))) {
    return false;
  }
  if (bracket_change(subject) > 0) return false;
  if (bracket_change(after) < 0) return false;
  if (is(subject, T::Bang)) return false;
  return true;
}

void format_spaces(std::vector<Line>& lines) {
  static const Token nil{};
  for (auto& line : lines) {
    for (auto* cell : {&line.lead, &line.assign}) {
      auto& c = *cell;
      if (cell == &line.assign && !c.empty()) c[0]->spaces = 1;
      for (std::size_t i = 0; i + 1 < c.size(); ++i) {
        const Token& before = i > 0 ? *c[i - 1] : nil;
        c[i + 1]->spaces = space_after(*c[i], before, *c[i + 1]) ? 1 : 0;
      }
    }
  }
}

void format_cells(std::vector<Line>& lines) {
  auto align = [&lines](auto has_cell, auto width, auto first_of) {
    std::size_t chain = lines.size();
    int widest = 0;
    auto close = [&](std::size_t end) {
      for (std::size_t i = chain; i < end; ++i)
        first_of(lines[i])->spaces = widest - width(lines[i]) + 1;
      chain = lines.size();
      widest = 0;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!has_cell(lines[i])) {
        if (chain != lines.size()) close(i);
        continue;
      }
      if (chain == lines.size()) chain = i;
      widest = std::max(widest, width(lines[i]));
    }
    if (chain != lines.size()) close(lines.size());
  };
  align([](const Line& l) { return !l.assign.empty(); },
        [](const Line& l) { return columns(l.lead); }, [](Line& l) { return l.assign[0]; });
  align([](const Line& l) { return !l.comment.empty(); },
        [](const Line& l) { return columns(l.lead) + columns(l.assign); },
        [](Line& l) { return l.comment[0]; });
}

}  // namespace

std::optional<std::string> format_hcl(std::string_view text) {
  SyntaxTree tree = parse_syntax(text);
  if (tree.has_error || tree.nodes.empty()) return std::nullopt;
  auto tokens = tokenize(tree, text);
  if (!tokens) return std::nullopt;
  rewrite_values(*tokens, attribute_values(tree, text));
  std::vector<Line> lines = split_lines(*tokens);
  format_indent(lines);
  format_spaces(lines);
  format_cells(lines);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const auto& t : *tokens) {
    out.append(static_cast<std::size_t>(t.spaces), ' ');
    out += t.bytes;
  }
  return out;
}

}  // namespace infrac
