// The concrete syntax tree of one HCL file, as infrac's own plain values: the only place that
// knows tree-sitter is syntax_tree.cpp, which parses with the pinned runtime and HCL grammar
// and copies the tree into this flat array. Positions are byte offsets into the source text;
// build_model.cpp turns them into Locations once. Every byte of the source is either inside
// a leaf or in the whitespace between leaves (template text included, see tokens.cpp).
// Tested by tests/unit/hcl_test.cpp and the Terraform corpus (tests/corpus/terraform).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace infrac {

enum class SyntaxKind : std::uint8_t {
  Token,  // anonymous leaves: punctuation, operators and keywords ("{", "==", "for", ...)
  Error,  // the grammar could not place these bytes
  ConfigFile,
  Body,
  Attribute,
  Block,
  BlockStart,
  BlockEnd,
  Identifier,
  Expression,
  LiteralValue,
  NumericLit,
  BoolLit,
  NullLit,
  StringLit,
  TemplateExpr,
  QuotedTemplate,
  HeredocTemplate,
  HeredocStart,
  HeredocIdentifier,
  TemplateLiteral,
  TemplateInterpolation,
  TemplateInterpolationStart,
  TemplateInterpolationEnd,
  TemplateDirective,
  TemplateFor,
  TemplateForStart,
  TemplateForEnd,
  TemplateIf,
  TemplateIfIntro,
  TemplateElseIntro,
  TemplateIfEnd,
  TemplateDirectiveStart,
  TemplateDirectiveEnd,
  StripMarker,
  QuotedTemplateStart,
  QuotedTemplateEnd,
  CollectionValue,
  Tuple,
  TupleStart,
  TupleEnd,
  Object,
  ObjectStart,
  ObjectEnd,
  ObjectElem,
  VariableExpr,
  FunctionCall,
  FunctionArguments,
  Ellipsis,
  ForExpr,
  ForTupleExpr,
  ForObjectExpr,
  ForIntro,
  ForCond,
  Index,
  NewIndex,
  LegacyIndex,
  GetAttr,
  Splat,
  AttrSplat,
  FullSplat,
  Conditional,
  Operation,
  UnaryOperation,
  BinaryOperation,
  Comment,
  Other,
};

struct SyntaxNode {
  SyntaxKind kind = SyntaxKind::Other;
  bool missing = false;              // inserted by error recovery: the source lacks it
  const char* type = "";             // the grammar's name for it ("}", "identifier"), for messages
  std::uint32_t start = 0, end = 0;  // byte offsets, end exclusive
  std::uint32_t first_child = 0, child_count = 0;  // children are contiguous in the array
};

struct SyntaxTree {
  std::vector<SyntaxNode> nodes;  // nodes[0] is the root when the parse succeeded
  bool has_error = false;         // an Error node or a missing node somewhere
  bool timed_out = false;         // the parser gave up (pathological input)

  const SyntaxNode& root() const { return nodes[0]; }
  const SyntaxNode& child(const SyntaxNode& n, std::uint32_t i) const {
    return nodes[n.first_child + i];
  }
};

// Parses `text` as HCL native syntax. Never throws on any input; the caller caps the size
// and nesting (reader.cpp) before calling.
SyntaxTree parse_syntax(std::string_view text);

// "ABI 15, HCL grammar ABI 15": the runtime's language ABI and the grammar's, for `infrac version`.
std::string tree_sitter_versions();

}  // namespace infrac
