// The formatter's token stream: the syntax tree's leaves, plus what lies between them
// (whitespace and line breaks in expressions, literal text inside templates and heredocs),
// in the kinds HashiCorp's HCL lexer uses, so hclwrite's rules apply unchanged.
// Used by format.cpp; tested through tests/unit/hcl_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/syntax_tree.h"

namespace infrac::hcl_format {

// Token kinds as HashiCorp's lexer names them; the formatter's rules are written in them.
enum class T : std::uint8_t {
  Nil,
  Newline,
  Comment,
  Ident,
  Number,
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  Dot,
  Comma,
  Equal,
  Colon,
  Question,
  FatArrow,
  Ellipsis,
  Minus,
  Bang,
  Plus,
  Star,
  Slash,
  Percent,
  EqualOp,
  NotEqual,
  Less,
  LessEq,
  Greater,
  GreaterEq,
  And,
  Or,
  OQuote,
  CQuote,
  QuotedLit,
  TemplateInterp,
  TemplateControl,
  TemplateSeqEnd,
  OHeredoc,
  CHeredoc,
  Other,
};

struct Token {
  T type = T::Nil;
  std::string bytes;
  int spaces = 0;            // spaces before
  std::uint32_t source = 0;  // byte offset of the token in the input
};

inline int bracket_change(const Token& t) {
  switch (t.type) {
    case T::OBrace:
    case T::OBrack:
    case T::OParen:
    case T::TemplateControl:
    case T::TemplateInterp:
      return 1;
    case T::CBrace:
    case T::CBrack:
    case T::CParen:
    case T::TemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}

inline bool ends_line(const Token& t) {
  return t.type == T::Newline ||
         (t.type == T::Comment && !t.bytes.empty() && t.bytes.back() == '\n');
}

// Every byte of `text` in a token or in the spaces before one; nothing when bytes outside
// templates are not whitespace (the formatter then leaves the file alone).
std::optional<std::vector<Token>> tokenize(const SyntaxTree& tree, std::string_view text);

}  // namespace infrac::hcl_format
