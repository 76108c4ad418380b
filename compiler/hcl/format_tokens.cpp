// Tokens come from the syntax tree's leaves; the bytes between leaves are whitespace in
// expression context and literal text inside templates (a stack of contexts tells which).
#include "hcl/format_tokens.h"

#include <algorithm>

namespace infrac::hcl_format {
namespace {

T punctuation(std::string_view s) {
  if (s.size() == 1) {
    switch (s[0]) {
      case '{':
        return T::OBrace;
      case '}':
        return T::CBrace;
      case '[':
        return T::OBrack;
      case ']':
        return T::CBrack;
      case '(':
        return T::OParen;
      case ')':
        return T::CParen;
      case '.':
        return T::Dot;
      case ',':
        return T::Comma;
      case '=':
        return T::Equal;
      case ':':
        return T::Colon;
      case '?':
        return T::Question;
      case '-':
        return T::Minus;
      case '!':
        return T::Bang;
      case '+':
        return T::Plus;
      case '*':
        return T::Star;
      case '/':
        return T::Slash;
      case '%':
        return T::Percent;
      case '<':
        return T::Less;
      case '>':
        return T::Greater;
      default:
        return T::Ident;
    }
  }
  if (s == "=>") return T::FatArrow;
  if (s == "...") return T::Ellipsis;
  if (s == "==") return T::EqualOp;
  if (s == "!=") return T::NotEqual;
  if (s == "<=") return T::LessEq;
  if (s == ">=") return T::GreaterEq;
  if (s == "&&") return T::And;
  if (s == "||") return T::Or;
  // Keywords (for, in, if, endif, else, endfor) are identifiers to the formatter.
  return T::Ident;
}

class Tokenizer {
 public:
  Tokenizer(const SyntaxTree& tree, std::string_view text) : tree_(tree), text_(text) {
    // Identifier labels of blocks (`resource aws_s3_bucket x {`) are written quoted.
    for (const auto& n : tree.nodes) {
      if (n.kind != SyntaxKind::Block) continue;
      for (std::uint32_t i = 1; i < n.child_count; ++i) {
        const SyntaxNode& c = tree.child(n, i);
        if (c.kind == SyntaxKind::Identifier) bare_labels_.push_back(c.start);
      }
    }
    std::sort(bare_labels_.begin(), bare_labels_.end());
  }

  std::optional<std::vector<Token>> run() {
    // Leaves in document order (iterative: deep input cannot overflow the stack).
    std::vector<std::uint32_t> stack{0};
    while (!stack.empty()) {
      std::uint32_t index = stack.back();
      stack.pop_back();
      const SyntaxNode& n = tree_.nodes[index];
      bool leaf =
          n.child_count == 0 || n.kind == SyntaxKind::Comment || n.kind == SyntaxKind::LegacyIndex;
      if (!leaf && n.kind == SyntaxKind::HeredocStart) leaf = true;
      if (!leaf) {
        for (std::uint32_t i = n.child_count; i > 0; --i) stack.push_back(n.first_child + i - 1);
        continue;
      }
      if (n.end == n.start) continue;
      if (!gap(n.start)) return std::nullopt;
      leaf_token(n);
      pos_ = n.end;
    }
    if (!gap(static_cast<std::uint32_t>(text_.size()))) return std::nullopt;
    return std::move(out_);
  }

 private:
  bool in_template() const { return !contexts_.empty() && contexts_.back(); }

  void push(T type, std::string bytes, std::uint32_t at) {
    out_.push_back({type, std::move(bytes), 0, at});
  }

  // The bytes between two leaves.
  bool gap(std::uint32_t to) {
    if (to <= pos_) return true;
    std::string_view g = text_.substr(pos_, to - pos_);
    if (in_template()) {
      push(T::QuotedLit, std::string(g), pos_);
      return true;
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
      char c = g[i];
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (c != '\n') return false;  // only whitespace may sit between tokens
      bool crlf = i > 0 && g[i - 1] == '\r';
      if (!out_.empty() && out_.back().type == T::Comment && out_.back().bytes.back() != '\n' &&
          is_line_comment(out_.back().bytes) && !newline_since_comment_) {
        out_.back().bytes += crlf ? "\r\n" : "\n";  // a line comment owns its line break
      } else {
        push(T::Newline, crlf ? "\r\n" : "\n", pos_ + static_cast<std::uint32_t>(i));
      }
      newline_since_comment_ = true;
    }
    return true;
  }

  static bool is_line_comment(const std::string& s) {
    return s[0] == '#' || (s.size() > 1 && s[0] == '/' && s[1] == '/');
  }

  void comment_token(std::string_view s, std::uint32_t start) {
    std::string c(s);
    // tree-sitter may include the line break in a line comment; the gap logic adds it.
    bool had_newline = !c.empty() && c.back() == '\n';
    if (had_newline) {
      c.pop_back();
      bool crlf = !c.empty() && c.back() == '\r';
      if (crlf) c.pop_back();
      c += crlf ? "\r\n" : "\n";
    }
    push(T::Comment, std::move(c), start);
    newline_since_comment_ = had_newline;
  }

  // } or %} closing an interpolation or directive, joined with a strip marker right before it.
  void template_end_token(std::string_view s, std::uint32_t start) {
    if (!out_.empty() && out_.back().bytes == "~" && out_.back().source + 1 == start) {
      std::string stripped(1, '~');  // appended: see base/quote.h on GCC 12
      stripped += s;
      out_.back() = {T::TemplateSeqEnd, std::move(stripped), 0, out_.back().source};
    } else {
      push(T::TemplateSeqEnd, std::string(s), start);
    }
    if (!contexts_.empty()) contexts_.pop_back();
  }

  void strip_marker_token(std::string_view s, std::uint32_t start) {
    if (!out_.empty() &&
        (out_.back().type == T::TemplateInterp || out_.back().type == T::TemplateControl) &&
        out_.back().source + out_.back().bytes.size() == start) {
      out_.back().bytes += s;  // ${~
    } else {
      push(T::Other, std::string(s), start);  // joins the closing brace that follows
    }
  }

  // The marker after << opens the heredoc's text; the same marker alone closes it.
  void heredoc_identifier_token(std::string_view s, std::uint32_t start) {
    if (heredoc_open_) {
      out_.back().bytes += s;
      heredoc_open_ = false;
      contexts_.push_back(true);
    } else {
      push(T::CHeredoc, std::string(s), start);
      if (!contexts_.empty()) contexts_.pop_back();
    }
  }

  void leaf_token(const SyntaxNode& n) {
    std::string_view s = text_.substr(n.start, n.end - n.start);
    newline_since_comment_ = false;
    switch (n.kind) {
      case SyntaxKind::Comment:
        comment_token(s, n.start);
        return;
      case SyntaxKind::Identifier:
        if (std::binary_search(bare_labels_.begin(), bare_labels_.end(), n.start)) {
          push(T::OQuote, "\"", n.start);
          push(T::QuotedLit, std::string(s), n.start);
          push(T::CQuote, "\"", n.start);
          return;
        }
        push(T::Ident, std::string(s), n.start);
        return;
      case SyntaxKind::BoolLit:
      case SyntaxKind::NullLit:
        push(T::Ident, std::string(s), n.start);
        return;
      case SyntaxKind::NumericLit:
        push(T::Number, std::string(s), n.start);
        return;
      case SyntaxKind::LegacyIndex:  // .0
        push(T::Dot, ".", n.start);
        push(T::Number, std::string(s.substr(1)), n.start + 1);
        return;
      case SyntaxKind::Ellipsis:
        push(T::Ellipsis, std::string(s), n.start);
        return;
      case SyntaxKind::QuotedTemplateStart:
        push(T::OQuote, std::string(s), n.start);
        contexts_.push_back(true);
        return;
      case SyntaxKind::QuotedTemplateEnd:
        push(T::CQuote, std::string(s), n.start);
        if (!contexts_.empty()) contexts_.pop_back();
        return;
      case SyntaxKind::TemplateLiteral:
        push(T::QuotedLit, std::string(s), n.start);
        return;
      case SyntaxKind::TemplateInterpolationStart:
        push(T::TemplateInterp, std::string(s), n.start);
        contexts_.push_back(false);
        return;
      case SyntaxKind::TemplateDirectiveStart:
        push(T::TemplateControl, std::string(s), n.start);
        contexts_.push_back(false);
        return;
      case SyntaxKind::TemplateInterpolationEnd:
      case SyntaxKind::TemplateDirectiveEnd:
        template_end_token(s, n.start);
        return;
      case SyntaxKind::StripMarker:
        strip_marker_token(s, n.start);
        return;
      case SyntaxKind::HeredocStart:
        push(T::OHeredoc, std::string(s), n.start);  // << or <<-, the marker follows
        heredoc_open_ = true;
        return;
      case SyntaxKind::HeredocIdentifier:
        heredoc_identifier_token(s, n.start);
        return;
      case SyntaxKind::Token:
        if (s == "[*]") {
          push(T::OBrack, "[", n.start);
          push(T::Star, "*", n.start + 1);
          push(T::CBrack, "]", n.start + 2);
        } else if (s == ".*") {
          push(T::Dot, ".", n.start);
          push(T::Star, "*", n.start + 1);
        } else {
          push(punctuation(s), std::string(s), n.start);
        }
        return;
      default:
        push(T::Other, std::string(s), n.start);
    }
  }

  const SyntaxTree& tree_;
  std::string_view text_;
  std::uint32_t pos_ = 0;
  std::vector<bool> contexts_;  // true: template text; false: an expression inside ${ } / %{ }
  std::vector<std::uint32_t> bare_labels_;
  std::vector<Token> out_;
  bool heredoc_open_ = false;
  bool newline_since_comment_ = false;
};

}  // namespace

std::optional<std::vector<Token>> tokenize(const SyntaxTree& tree, std::string_view text) {
  auto tokens = Tokenizer(tree, text).run();
  if (!tokens) return std::nullopt;
  // A strip marker that is not directly followed by its brace still joins it ("~}").
  std::vector<Token> out;
  out.reserve(tokens->size());
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    Token& t = (*tokens)[i];
    if (t.type == T::Other && t.bytes == "~" && i + 1 < tokens->size() &&
        (*tokens)[i + 1].type == T::TemplateSeqEnd) {
      (*tokens)[i + 1].bytes = "~" + (*tokens)[i + 1].bytes;
      continue;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace infrac::hcl_format
