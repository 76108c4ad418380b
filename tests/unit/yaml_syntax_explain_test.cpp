// Tests spec/yaml_syntax_explain.cpp through load_yaml: each structural mistake yaml-cpp
// reports in its own words comes back as one E0002 in words, with a help, at the cause.
// The corpus cases tests/corpus/invalid/046 and 230-238 hold the same mistakes in a spec.
#include <catch2/catch.hpp>

#include "spec/yaml_loader.h"

using namespace infrac;

namespace {

struct Explained {
  std::size_t count = 0;
  std::uint32_t line = 0, column = 0;
  std::string message, help;
};

Explained explain(std::string text) {
  SourceFile file("t.yaml", std::move(text));
  Diagnostics sink;
  CHECK(!load_yaml(0, file, sink));
  std::vector<Diagnostic> all = sink.take();
  Explained out;
  out.count = all.size();
  REQUIRE(!all.empty());
  CHECK(all.front().code == DiagCode::kYamlSyntax);
  out.line = all.front().location.line;
  out.column = all.front().location.column;
  out.message = all.front().message;
  out.help = all.front().help;
  return out;
}

}  // namespace

TEST_CASE("a tab in the indentation: at the tab, use spaces", "[yaml]") {
  Explained e = explain("spec:\n  image: x\n\tcomponents: 1\n");
  CHECK(e.count == 1);
  CHECK(e.line == 3);
  CHECK(e.column == 1);
  CHECK(e.message == "tab character in the indentation");
  CHECK(e.help.find("use spaces, not tabs") != std::string::npos);
  // yaml-cpp says "illegal map value" for this one; the tab is still the cause.
  Explained mapped = explain("spec:\n\ta: 1\n");
  CHECK(mapped.line == 2);
  CHECK(mapped.message == "tab character in the indentation");
}

TEST_CASE("no space after ':': at that ':', a line above where the parser stopped", "[yaml]") {
  Explained e = explain("spec:\n  image:x\n  team: y\n");
  CHECK(e.count == 1);
  CHECK(e.line == 2);
  CHECK(e.column == 8);
  CHECK(e.message == "'image:x' is read as one word, not as a key and its value");
  CHECK(e.help == "a value on the same line as a key needs a space after ':': image: x");
}

TEST_CASE("': ' inside a plain value: quote it", "[yaml]") {
  Explained e = explain("spec:\n  image: x: y\n");
  CHECK(e.line == 2);
  CHECK(e.column == 11);
  CHECK(e.help == "quote the value: image: \"x: y\"");
}

TEST_CASE("a key under a key with a value: the parent key and its level named", "[yaml]") {
  Explained e = explain("spec:\n  a: 1\n    b: 2\n");
  CHECK(e.line == 3);
  CHECK(e.column == 5);
  CHECK(e.message == "'b' is indented under 'a' (line 2), which already has a value");
  CHECK(e.help.find("indent 'b' by 2 spaces like 'a' to make it a key of 'spec'") == 0);
}

TEST_CASE("a dedent to no level: the levels it could take, with their parent keys", "[yaml]") {
  Explained e = explain("spec:\n  env:\n    A: x\n   B: y\n");
  CHECK(e.line == 4);
  CHECK(e.column == 4);
  CHECK(e.message == "'B' is indented by 3 spaces, which lines up with no key above it");
  CHECK(e.help ==
        "indent it by 4 spaces to make it a key of 'env', or indent it by 2 spaces to make it a "
        "key of 'spec'");
  Explained top = explain("spec:\n  image: x\n  b: 1\n c: 2\n");
  CHECK(top.help ==
        "indent it by 2 spaces to make it a key of 'spec', or start it at the beginning of the "
        "line to make it a top-level key");
}

TEST_CASE("keys and list items mixed in one block", "[yaml]") {
  Explained key = explain("spec:\n  deps:\n    - a\n    b: c\n");
  CHECK(key.line == 4);
  CHECK(key.message == "'b' follows the list items of 'deps' at the same indentation");
  CHECK(key.help.find("- b: c") != std::string::npos);
  Explained item = explain("spec:\n  a: x\n  - b\n");
  CHECK(item.line == 3);
  CHECK(item.message == "a list item at the same indentation as the keys of 'spec'");
}

TEST_CASE("an unclosed bracket: at the bracket, with the line closed", "[yaml]") {
  Explained list = explain("spec:\n  deps: [web, users\n  image: x\n");
  CHECK(list.count == 1);
  CHECK(list.line == 2);
  CHECK(list.column == 9);
  CHECK(list.message == "list opened with '[' is never closed");
  CHECK(list.help == "add the closing ']' after the last item: deps: [web, users]");
  Explained map = explain("spec:\n  health: {path: /healthz\n  image: x\n");
  CHECK(map.line == 2);
  CHECK(map.message == "map opened with '{' is never closed");
  // A bracket inside quotes or a comment opens nothing.
  Explained quoted = explain("a: \"[\" # [\nb: [1\nc: 2\n");
  CHECK(quoted.line == 2);
  CHECK(quoted.column == 4);
}

TEST_CASE("text after a closing quote, and the other parser messages in words", "[yaml]") {
  Explained quote = explain("spec:\n  a: 'it's'\n");
  CHECK(quote.line == 2);
  CHECK(quote.message == "text after the closing quote of the value of 'a'");
  CHECK(quote.help.find("written twice ('')") != std::string::npos);
  Explained escape = explain("a: \"ab\\qc\"\n");
  CHECK(escape.message == "unknown escape in a double-quoted value: '\\q'");
  Explained dash = explain("key: - x\n");
  CHECK(dash.column == 6);
  CHECK(dash.message == "a list cannot start on the line of its key 'key'");
  Explained at = explain("a: @x\n");
  CHECK(at.message == "a plain value cannot start with '@'");
  CHECK(at.help == "quote the value");
}

TEST_CASE("an empty value is located at its key's ':', not at the next line", "[yaml]") {
  SourceFile file("t.yaml", "env:\n  FEATURE_X:\n  OTHER: y\n");
  Diagnostics sink;
  std::optional<Node> root = load_yaml(0, file, sink);
  REQUIRE(root);
  const Node* value = root->find("env")->find("FEATURE_X");
  REQUIRE(value);
  CHECK(value->kind == NodeKind::Null);
  CHECK(value->location.line == 2);
  CHECK(value->location.column == 12);
}
