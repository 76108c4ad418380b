// infrac's model of an HCL file: bodies of attributes and blocks with labels, expressions as a
// small tree, and comments. Built from the syntax tree by build_model.cpp; read by the literal
// evaluator (value.h), module interfaces (module_interface.h) and the resource inventory
// (inventory.h). Every node keeps its source range; `text` of an expression is its source.
// Tested by tests/unit/hcl_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

struct Span {
  std::uint32_t start = 0, end = 0;  // byte offsets in the file
  Location location;                 // of `start`, with the span's length when on one line
};

struct Expr {
  enum class Kind : std::uint8_t {
    Number,
    Bool,
    Null,         // text: as written
    Template,     // parts: Literal and interpolated expressions; heredoc: see below
    Literal,      // a template's literal text, escapes decoded (text)
    Directive,    // %{ if } / %{ for } in a template: evaluated as unknown
    Tuple,        // parts: items
    Object,       // parts: key, value, key, value...
    Variable,     // text: the root name (var, local, module, each...)
    GetAttr,      // parts[0].name; text: name
    Index,        // parts[0][parts[1]]
    Splat,        // parts[0][*] or parts[0].*, then the rest as `text`
    Call,         // text: function name; parts: arguments (expand_final for `xs...`)
    For,          // [for ...] or {for ...}: evaluated as unknown
    Conditional,  // parts: condition, true result, false result
    Unary,
    Binary,  // text: the operator; parts: operands
    Parens,  // parts[0]
    Invalid,
  };
  Kind kind = Kind::Invalid;
  std::string text;
  std::vector<Expr> parts;
  Span span;
  bool heredoc = false;        // Template: written as <<EOF or <<-EOF
  bool expand_final = false;   // Call: the last argument is expanded with `...`
  bool object_braces = false;  // For: {for ...} rather than [for ...]

  // `var.x.y[0]` for references made of names and literal indexes; empty otherwise.
  std::string traversal() const;
};

struct Attribute {
  std::string name;
  Expr value;
  Span span;  // the whole `name = value`
  Span name_span;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;  // in source order
  std::vector<Block> blocks;          // in source order

  const Attribute* attribute(std::string_view name) const;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  std::vector<Span> label_spans;
  Body body;
  Span span;  // from the type to the closing brace
  Span type_span;
};

struct Comment {
  std::string text;  // as written, with its `#`, `//` or `/* */`
  Span span;
};

struct HclFile {
  FileId file = kNoFile;
  Body body;
  std::vector<Comment> comments;  // in source order
};

}  // namespace infrac
