// Builds the HCL model from the syntax tree. tree-sitter keeps traversals flat (a term followed
// by its .attr / [index] / splat siblings), so terms are folded left here; template literal
// text is taken from the source between parts, because the grammar leaves whitespace around
// literals outside any leaf.
#include "hcl/build_model.h"

#include <algorithm>

#include "base/utf8.h"

namespace infrac {
namespace {

using K = SyntaxKind;

bool is_postfix(K k) {
  return k == K::GetAttr || k == K::Index || k == K::Splat;
}

class Builder {
 public:
  Builder(const SyntaxTree& tree, const SourceFile& source, FileId id)
      : tree_(tree), source_(source), id_(id) {}

  Span span(const SyntaxNode& n) const { return span(n.start, n.end); }
  Span span(std::uint32_t start, std::uint32_t end) const {
    std::string_view text(source_.text.data() + start, end - start);
    bool one_line = text.find('\n') == std::string_view::npos;
    Span s{start, end, source_.location_of(start, 1)};
    s.location.file = id_;
    s.location.length = one_line ? std::max<std::uint32_t>(1, utf8_length(text)) : 1;
    return s;
  }
  std::string_view text(const SyntaxNode& n) const {
    return std::string_view(source_.text.data() + n.start, n.end - n.start);
  }
  std::string_view text(std::uint32_t start, std::uint32_t end) const {
    return std::string_view(source_.text.data() + start, end - start);
  }

  Body body(const SyntaxNode& n) {
    Body out;
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::Attribute) out.attributes.push_back(attribute(c));
      if (c.kind == K::Block) out.blocks.push_back(block(c));
    }
    return out;
  }

  Attribute attribute(const SyntaxNode& n) {
    Attribute a;
    a.span = span(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::Identifier && a.name.empty()) {
        a.name = text(c);
        a.name_span = span(c);
      } else if (c.kind == K::Expression) {
        a.value = expression(c);
      }
    }
    return a;
  }

  Block block(const SyntaxNode& n) {
    Block b;
    b.span = span(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::Identifier && b.type.empty()) {
        b.type = text(c);
        b.type_span = span(c);
      } else if (c.kind == K::Identifier) {
        b.labels.emplace_back(text(c));
        b.label_spans.push_back(span(c));
      } else if (c.kind == K::StringLit) {
        b.labels.push_back(string_lit(c));
        b.label_spans.push_back(span(c));
      } else if (c.kind == K::Body) {
        b.body = body(c);
      }
    }
    return b;
  }

  std::string string_lit(const SyntaxNode& n) const {
    // "..." : the text between the quotes, escapes decoded.
    if (n.end - n.start < 2) return {};
    return decode_template_text(text(n.start + 1, n.end - 1), false);
  }

  // An `expression` node or any expression term.
  Expr expression(const SyntaxNode& n) {
    if (++depth_ > kMaxDepth) {
      --depth_;
      return invalid(n);
    }
    Expr e = expression_inner(n);
    --depth_;
    return e;
  }

  Expr expression_inner(const SyntaxNode& n) {
    switch (n.kind) {
      case K::Expression:
        return sequence(n, 0, n.child_count);
      case K::LiteralValue:
      case K::TemplateExpr:
      case K::CollectionValue:
      case K::Operation:
      case K::ForExpr:
        return n.child_count ? expression(tree_.child(n, 0)) : invalid(n);
      case K::NumericLit:
        return leaf(n, Expr::Kind::Number);
      case K::BoolLit:
        return leaf(n, Expr::Kind::Bool);
      case K::NullLit:
        return leaf(n, Expr::Kind::Null);
      case K::StringLit:
      case K::QuotedTemplate:
        return quoted_template(n);
      case K::HeredocTemplate:
        return heredoc(n);
      case K::Tuple:
        return collection(n, Expr::Kind::Tuple);
      case K::Object:
        return object(n);
      case K::VariableExpr:
      case K::Identifier:
        return leaf(n, Expr::Kind::Variable);
      case K::FunctionCall:
        return call(n);
      case K::ForTupleExpr:
      case K::ForObjectExpr: {
        Expr e = leaf(n, Expr::Kind::For);
        e.object_braces = n.kind == K::ForObjectExpr;
        return e;
      }
      case K::Conditional:
        return conditional(n);
      case K::UnaryOperation:
      case K::BinaryOperation:
        return operation(n);
      default:
        return invalid(n);
    }
  }

  Expr leaf(const SyntaxNode& n, Expr::Kind kind) const {
    Expr e;
    e.kind = kind;
    e.text = text(n);
    e.span = span(n);
    return e;
  }
  Expr invalid(const SyntaxNode& n) const { return leaf(n, Expr::Kind::Invalid); }

  // Children [from, to) of `n`: one term and its postfix operators, or `( expression )`.
  Expr sequence(const SyntaxNode& n, std::uint32_t from, std::uint32_t to) {
    std::uint32_t i = from;
    while (i < to && tree_.child(n, i).kind == K::Comment) ++i;
    if (i >= to) return invalid(n);
    const SyntaxNode& first = tree_.child(n, i);
    Expr e;
    if (first.kind == K::Token && text(first) == "(") {
      std::uint32_t close = i + 1;
      while (close < to &&
             !(tree_.child(n, close).kind == K::Token && text(tree_.child(n, close)) == ")")) {
        ++close;
      }
      e.kind = Expr::Kind::Parens;
      if (i + 1 < close) e.parts.push_back(sequence(n, i + 1, close));
      e.span = span(first.start, close < to ? tree_.child(n, close).end : first.end);
      e.text = text(e.span.start, e.span.end);
      i = close + 1;
    } else {
      e = expression(first);
      ++i;
    }
    for (; i < to; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (!is_postfix(c.kind)) continue;
      e = postfix(std::move(e), c);
    }
    return e;
  }

  Expr postfix(Expr base, const SyntaxNode& op) {
    Expr e;
    e.span = span(base.span.start, op.end);
    if (op.kind == K::GetAttr) {
      e.kind = Expr::Kind::GetAttr;
      for (std::uint32_t j = 0; j < op.child_count; ++j) {
        if (tree_.child(op, j).kind == K::Identifier) e.text = text(tree_.child(op, j));
      }
    } else if (op.kind == K::Index) {
      e.kind = Expr::Kind::Index;
      const SyntaxNode& inner = op.child_count ? tree_.child(op, 0) : op;
      Expr key;
      if (inner.kind == K::LegacyIndex) {  // .0
        key = leaf(inner, Expr::Kind::Number);
        key.text = key.text.substr(key.text.find_first_not_of('.'));
      } else {
        for (std::uint32_t j = 0; j < inner.child_count; ++j) {
          if (tree_.child(inner, j).kind == K::Expression) key = expression(tree_.child(inner, j));
        }
      }
      e.parts.push_back(std::move(base));
      e.parts.push_back(std::move(key));
      e.text = text(e.span.start, e.span.end);
      return e;
    } else {
      e.kind = Expr::Kind::Splat;
      e.text = text(op);
    }
    e.parts.push_back(std::move(base));
    return e;
  }

  Expr collection(const SyntaxNode& n, Expr::Kind kind) {
    Expr e;
    e.kind = kind;
    e.span = span(n);
    e.text = text(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::Expression) e.parts.push_back(expression(c));
    }
    return e;
  }

  Expr object(const SyntaxNode& n) {
    Expr e;
    e.kind = Expr::Kind::Object;
    e.span = span(n);
    e.text = text(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& elem = tree_.child(n, i);
      if (elem.kind != K::ObjectElem) continue;
      int seen = 0;
      for (std::uint32_t j = 0; j < elem.child_count && seen < 2; ++j) {
        const SyntaxNode& c = tree_.child(elem, j);
        if (c.kind != K::Expression) continue;
        e.parts.push_back(expression(c));
        ++seen;
      }
      if (seen == 1) e.parts.push_back(invalid(elem));
    }
    return e;
  }

  Expr call(const SyntaxNode& n) {
    Expr e;
    e.kind = Expr::Kind::Call;
    e.span = span(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::Identifier && e.text.empty()) e.text = text(c);
      if (c.kind != K::FunctionArguments) continue;
      for (std::uint32_t j = 0; j < c.child_count; ++j) {
        const SyntaxNode& a = tree_.child(c, j);
        if (a.kind == K::Expression) e.parts.push_back(expression(a));
        if (a.kind == K::Ellipsis) e.expand_final = true;
      }
    }
    return e;
  }

  Expr conditional(const SyntaxNode& n) {
    Expr e;
    e.kind = Expr::Kind::Conditional;
    e.span = span(n);
    e.text = text(n);
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      if (tree_.child(n, i).kind == K::Expression) e.parts.push_back(expression(tree_.child(n, i)));
    }
    while (e.parts.size() < 3) e.parts.push_back(invalid(n));
    return e;
  }

  Expr operation(const SyntaxNode& n) {
    Expr e;
    e.kind = n.kind == K::UnaryOperation ? Expr::Kind::Unary : Expr::Kind::Binary;
    e.span = span(n);
    // The operator is the anonymous token between (or before) the operand sequences.
    std::uint32_t op = n.child_count;
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      if (tree_.child(n, i).kind == K::Token) {
        op = i;
        break;
      }
    }
    if (op == n.child_count) return invalid(n);
    e.text = text(tree_.child(n, op));
    if (e.kind == Expr::Kind::Binary) e.parts.push_back(sequence(n, 0, op));
    e.parts.push_back(sequence(n, op + 1, n.child_count));
    return e;
  }

  // "..." with interpolations and directives.
  Expr quoted_template(const SyntaxNode& n) {
    Expr e;
    e.kind = Expr::Kind::Template;
    e.span = span(n);
    e.text = text(n);
    std::uint32_t begin = n.start + 1;
    std::uint32_t end = n.end > n.start + 1 ? n.end - 1 : n.end;
    template_parts(n, begin, end, false, e);
    return e;
  }

  // <<EOF / <<-EOF: the content runs from the line after the opening marker to the line of
  // the closing one.
  Expr heredoc(const SyntaxNode& n) {
    Expr e;
    e.kind = Expr::Kind::Template;
    e.heredoc = true;
    e.span = span(n);
    e.text = text(n);
    std::vector<const SyntaxNode*> markers;
    bool indented = false;
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind == K::HeredocIdentifier) markers.push_back(&c);
      if (c.kind == K::HeredocStart) indented = text(c).find('-') != std::string_view::npos;
    }
    if (markers.size() < 2) return e;
    std::string_view all = source_.text;
    std::size_t newline = all.find('\n', markers[0]->end);
    std::uint32_t begin = newline == std::string_view::npos
                              ? markers[0]->end
                              : static_cast<std::uint32_t>(newline + 1);
    std::uint32_t end = std::max(begin, markers.back()->start);
    while (end > begin && all[end - 1] != '\n') --end;
    template_parts(n, begin, end, true, e);
    if (indented) strip_indentation(e);
    return e;
  }

  void template_parts(const SyntaxNode& n, std::uint32_t begin, std::uint32_t end, bool heredoc,
                      Expr& e) {
    std::uint32_t pos = begin;
    bool strip_next = false;
    auto literal = [&](std::uint32_t to) {
      if (to <= pos) return;
      Expr lit;
      lit.kind = Expr::Kind::Literal;
      lit.span = span(pos, to);
      lit.text = decode_template_text(text(pos, to), heredoc);
      if (strip_next) lit.text.erase(0, lit.text.find_first_not_of(" \t\r\n"));
      strip_next = false;
      e.parts.push_back(std::move(lit));
    };
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
      const SyntaxNode& c = tree_.child(n, i);
      if (c.kind != K::TemplateInterpolation && c.kind != K::TemplateDirective) continue;
      if (c.start < begin || c.end > end) continue;
      literal(c.start);
      bool strip_before = false, strip_after = false;
      Expr part;
      part.span = span(c);
      part.text = text(c);
      part.kind = Expr::Kind::Directive;
      for (std::uint32_t j = 0; j < c.child_count; ++j) {
        const SyntaxNode& x = tree_.child(c, j);
        if (x.kind == K::StripMarker) (j <= 1 ? strip_before : strip_after) = true;
        if (c.kind == K::TemplateInterpolation && x.kind == K::Expression) part = expression(x);
      }
      if (strip_before && !e.parts.empty() && e.parts.back().kind == Expr::Kind::Literal) {
        std::string& t = e.parts.back().text;
        t.erase(t.find_last_not_of(" \t\r\n") + 1);
      }
      e.parts.push_back(std::move(part));
      strip_next = strip_after;
      pos = c.end;
    }
    literal(end);
  }

  // <<-: the smallest indentation of the content's non-blank lines is removed from each.
  static void strip_indentation(Expr& e) {
    std::size_t common = std::string::npos;
    bool line_start = true;
    for (const auto& p : e.parts) {
      if (p.kind != Expr::Kind::Literal) {
        if (line_start) common = 0;
        line_start = false;
        continue;
      }
      for (std::size_t i = 0; i < p.text.size(); ++i) {
        if (!line_start) {
          if (p.text[i] == '\n') line_start = true;
          continue;
        }
        std::size_t j = i;
        while (j < p.text.size() && (p.text[j] == ' ' || p.text[j] == '\t')) ++j;
        if (j < p.text.size() && p.text[j] != '\n') common = std::min(common, j - i);
        line_start = false;
        i = j - 1;
        if (j < p.text.size() && p.text[j] == '\n') line_start = true, i = j;
      }
    }
    if (common == std::string::npos || common == 0) return;
    line_start = true;
    for (auto& p : e.parts) {
      if (p.kind != Expr::Kind::Literal) {
        line_start = false;
        continue;
      }
      std::string out;
      for (std::size_t i = 0; i < p.text.size(); ++i) {
        if (line_start) {
          std::size_t j = i;
          while (j < p.text.size() && j - i < common && (p.text[j] == ' ' || p.text[j] == '\t'))
            ++j;
          i = j;
          line_start = false;
          if (i >= p.text.size()) break;
        }
        out += p.text[i];
        if (p.text[i] == '\n') line_start = true;
      }
      p.text = std::move(out);
    }
  }

  std::vector<Comment> comments() const {
    std::vector<Comment> out;
    for (const auto& n : tree_.nodes) {
      if (n.kind == K::Comment) out.push_back({std::string(text(n)), span(n)});
    }
    std::sort(out.begin(), out.end(),
              [](const Comment& a, const Comment& b) { return a.span.start < b.span.start; });
    return out;
  }

 private:
  static constexpr int kMaxDepth = 256;
  const SyntaxTree& tree_;
  const SourceFile& source_;
  FileId id_;
  int depth_ = 0;
};

}  // namespace

std::string decode_template_text(std::string_view raw, bool heredoc) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;  // $${ and %%{ stand for a literal ${ and %{
      out += '{';
      i += 2;
      continue;
    }
    if (heredoc || c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'u':
      case 'U': {
        std::size_t digits = e == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        std::size_t j = 0;
        for (; j < digits && i + 1 + j < raw.size(); ++j) {
          char h = raw[i + 1 + j];
          int v = h >= '0' && h <= '9'   ? h - '0'
                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                         : -1;
          if (v < 0) break;
          cp = cp * 16 + static_cast<std::uint32_t>(v);
        }
        if (j == digits) {
          append_utf8(out, cp);
          i += digits;
        } else {
          out += '\\';
          out += e;
        }
        break;
      }
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

HclFile build_model(const SyntaxTree& tree, const SourceFile& source, FileId id) {
  HclFile out;
  out.file = id;
  if (tree.nodes.empty()) return out;
  Builder b(tree, source, id);
  const SyntaxNode& root = tree.root();
  for (std::uint32_t i = 0; i < root.child_count; ++i) {
    const SyntaxNode& c = tree.child(root, i);
    if (c.kind == SyntaxKind::Body) out.body = b.body(c);
  }
  out.comments = b.comments();
  return out;
}

const Attribute* Body::attribute(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string Expr::traversal() const {
  switch (kind) {
    case Kind::Variable:
      return text;
    case Kind::GetAttr: {
      std::string base = parts.empty() ? "" : parts[0].traversal();
      return base.empty() ? "" : base + "." + text;
    }
    case Kind::Index: {
      if (parts.size() < 2) return {};
      std::string base = parts[0].traversal();
      const Expr& key = parts[1];
      if (base.empty()) return {};
      if (key.kind == Kind::Number) return base + "[" + key.text + "]";
      if (key.kind == Kind::Template && key.parts.size() == 1 &&
          key.parts[0].kind == Kind::Literal) {
        return base + "[\"" + key.parts[0].text + "\"]";
      }
      return {};
    }
    default:
      return {};
  }
}

}  // namespace infrac
