// The tree-sitter adapter: the one file that includes the runtime's header. It parses with the
// pinned HCL grammar and copies the tree into SyntaxTree's flat array, iteratively (deep input
// cannot overflow the stack here), so nothing outside this file holds a tree-sitter object.
// Tested by tests/unit/hcl_test.cpp.
#include "hcl/syntax_tree.h"

#include <tree_sitter/api.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace infrac {
namespace {

// Parsing time is linear for HCL in practice; the budget only guards against a pathological
// input making one file take the whole run.
constexpr auto kParseBudget = std::chrono::seconds(10);

// Grammar symbol -> SyntaxKind, built once from the grammar's own names.
const std::vector<SyntaxKind>& kind_table() {
  static const std::vector<SyntaxKind> table = [] {
    static const std::unordered_map<std::string, SyntaxKind> named = {
        {"ERROR", SyntaxKind::Error},
        {"config_file", SyntaxKind::ConfigFile},
        {"body", SyntaxKind::Body},
        {"attribute", SyntaxKind::Attribute},
        {"block", SyntaxKind::Block},
        {"block_start", SyntaxKind::BlockStart},
        {"block_end", SyntaxKind::BlockEnd},
        {"identifier", SyntaxKind::Identifier},
        {"expression", SyntaxKind::Expression},
        {"literal_value", SyntaxKind::LiteralValue},
        {"numeric_lit", SyntaxKind::NumericLit},
        {"bool_lit", SyntaxKind::BoolLit},
        {"null_lit", SyntaxKind::NullLit},
        {"string_lit", SyntaxKind::StringLit},
        {"template_expr", SyntaxKind::TemplateExpr},
        {"quoted_template", SyntaxKind::QuotedTemplate},
        {"heredoc_template", SyntaxKind::HeredocTemplate},
        {"heredoc_start", SyntaxKind::HeredocStart},
        {"heredoc_identifier", SyntaxKind::HeredocIdentifier},
        {"template_literal", SyntaxKind::TemplateLiteral},
        {"template_interpolation", SyntaxKind::TemplateInterpolation},
        {"template_interpolation_start", SyntaxKind::TemplateInterpolationStart},
        {"template_interpolation_end", SyntaxKind::TemplateInterpolationEnd},
        {"template_directive", SyntaxKind::TemplateDirective},
        {"template_for", SyntaxKind::TemplateFor},
        {"template_for_start", SyntaxKind::TemplateForStart},
        {"template_for_end", SyntaxKind::TemplateForEnd},
        {"template_if", SyntaxKind::TemplateIf},
        {"template_if_intro", SyntaxKind::TemplateIfIntro},
        {"template_else_intro", SyntaxKind::TemplateElseIntro},
        {"template_if_end", SyntaxKind::TemplateIfEnd},
        {"template_directive_start", SyntaxKind::TemplateDirectiveStart},
        {"template_directive_end", SyntaxKind::TemplateDirectiveEnd},
        {"strip_marker", SyntaxKind::StripMarker},
        {"quoted_template_start", SyntaxKind::QuotedTemplateStart},
        {"quoted_template_end", SyntaxKind::QuotedTemplateEnd},
        {"collection_value", SyntaxKind::CollectionValue},
        {"tuple", SyntaxKind::Tuple},
        {"tuple_start", SyntaxKind::TupleStart},
        {"tuple_end", SyntaxKind::TupleEnd},
        {"object", SyntaxKind::Object},
        {"object_start", SyntaxKind::ObjectStart},
        {"object_end", SyntaxKind::ObjectEnd},
        {"object_elem", SyntaxKind::ObjectElem},
        {"variable_expr", SyntaxKind::VariableExpr},
        {"function_call", SyntaxKind::FunctionCall},
        {"function_arguments", SyntaxKind::FunctionArguments},
        {"ellipsis", SyntaxKind::Ellipsis},
        {"for_expr", SyntaxKind::ForExpr},
        {"for_tuple_expr", SyntaxKind::ForTupleExpr},
        {"for_object_expr", SyntaxKind::ForObjectExpr},
        {"for_intro", SyntaxKind::ForIntro},
        {"for_cond", SyntaxKind::ForCond},
        {"index", SyntaxKind::Index},
        {"new_index", SyntaxKind::NewIndex},
        {"legacy_index", SyntaxKind::LegacyIndex},
        {"get_attr", SyntaxKind::GetAttr},
        {"splat", SyntaxKind::Splat},
        {"attr_splat", SyntaxKind::AttrSplat},
        {"full_splat", SyntaxKind::FullSplat},
        {"conditional", SyntaxKind::Conditional},
        {"operation", SyntaxKind::Operation},
        {"unary_operation", SyntaxKind::UnaryOperation},
        {"binary_operation", SyntaxKind::BinaryOperation},
        {"comment", SyntaxKind::Comment},
    };
    const TSLanguage* language = tree_sitter_hcl();
    std::uint32_t count = ts_language_symbol_count(language);
    std::vector<SyntaxKind> out(count + 1, SyntaxKind::Other);
    for (std::uint32_t s = 0; s < count; ++s) {
      TSSymbolType type = ts_language_symbol_type(language, static_cast<TSSymbol>(s));
      if (type == TSSymbolTypeAnonymous) {
        out[s] = SyntaxKind::Token;
        continue;
      }
      auto it = named.find(ts_language_symbol_name(language, static_cast<TSSymbol>(s)));
      if (it != named.end()) out[s] = it->second;
    }
    return out;
  }();
  return table;
}

SyntaxKind kind_of(TSNode node) {
  if (ts_node_is_error(node)) return SyntaxKind::Error;
  const auto& table = kind_table();
  TSSymbol symbol = ts_node_symbol(node);
  return symbol < table.size() ? table[symbol] : SyntaxKind::Other;
}

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

struct Deadline {
  std::chrono::steady_clock::time_point at;
  bool passed = false;
};

bool over_budget(TSParseState* state) {
  auto* deadline = static_cast<Deadline*>(state->payload);
  if (std::chrono::steady_clock::now() > deadline->at) deadline->passed = true;
  return deadline->passed;
}

struct Input {
  std::string_view text;
};

const char* read_input(void* payload, std::uint32_t byte_index, TSPoint, std::uint32_t* read) {
  const auto* in = static_cast<const Input*>(payload);
  if (byte_index >= in->text.size()) {
    *read = 0;
    return "";
  }
  *read = static_cast<std::uint32_t>(in->text.size() - byte_index);
  return in->text.data() + byte_index;
}

}  // namespace

SyntaxTree parse_syntax(std::string_view text) {
  // One parser per thread: reading files in parallel shares nothing.
  thread_local std::unique_ptr<TSParser, ParserDeleter> parser = [] {
    std::unique_ptr<TSParser, ParserDeleter> p(ts_parser_new());
    ts_parser_set_language(p.get(), tree_sitter_hcl());
    return p;
  }();
  SyntaxTree out;
  Input input{text};
  Deadline deadline{std::chrono::steady_clock::now() + kParseBudget};
  TSInput ts_input{&input, read_input, TSInputEncodingUTF8, nullptr};
  TSParseOptions options{&deadline, over_budget};
  std::unique_ptr<TSTree, TreeDeleter> tree(
      ts_parser_parse_with_options(parser.get(), nullptr, ts_input, options));
  if (!tree) {
    ts_parser_reset(parser.get());
    out.timed_out = true;
    out.has_error = true;
    return out;
  }
  TSNode root = ts_tree_root_node(tree.get());
  out.has_error = ts_node_has_error(root);
  out.nodes.reserve(text.size() / 3 + 16);

  // Iterative depth-first copy: a node's children get contiguous slots when it is entered.
  auto enter = [&out](TSNode n, std::uint32_t slot) {
    SyntaxNode& s = out.nodes[slot];
    s.kind = kind_of(n);
    s.missing = ts_node_is_missing(n);
    s.type = ts_node_type(n);  // static strings owned by the grammar
    s.start = ts_node_start_byte(n);
    s.end = ts_node_end_byte(n);
    std::uint32_t count = ts_node_child_count(n);
    std::uint32_t first = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.resize(out.nodes.size() + count);
    out.nodes[slot].first_child = first;  // re-index: resize may have moved the array
    out.nodes[slot].child_count = count;
  };
  out.nodes.resize(1);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  enter(root, 0);
  struct Frame {
    std::uint32_t first, next;
  };
  std::vector<Frame> stack;
  std::uint32_t current = 0;
  for (;;) {
    if (out.nodes[current].child_count > 0 && ts_tree_cursor_goto_first_child(&cursor)) {
      stack.push_back({out.nodes[current].first_child, 1});
      current = stack.back().first;
      enter(ts_tree_cursor_current_node(&cursor), current);
      continue;
    }
    // Climb until a sibling exists.
    for (;;) {
      if (stack.empty()) {
        ts_tree_cursor_delete(&cursor);
        return out;
      }
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        current = stack.back().first + stack.back().next++;
        enter(ts_tree_cursor_current_node(&cursor), current);
        break;
      }
      ts_tree_cursor_goto_parent(&cursor);
      stack.pop_back();
    }
  }
}

std::string tree_sitter_versions() {
  return "ABI " + std::to_string(TREE_SITTER_LANGUAGE_VERSION) + ", HCL grammar ABI " +
         std::to_string(ts_language_abi_version(tree_sitter_hcl()));
}

}  // namespace infrac
