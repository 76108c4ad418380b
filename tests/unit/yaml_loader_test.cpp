// Tests spec/yaml_loader.cpp: YAML 1.2 scalars, positions, and every hostile-input guard of
// reliability-bar.md items 1-7 (depth, aliases, duplicates, sizes, encodings, 1.1 traps).
#include <catch2/catch.hpp>

#include <chrono>

#include "spec/yaml_loader.h"

using namespace infrac;

namespace {

// The time bars of reliability-bar.md are for release builds; sanitizers slow code ~5x.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kSlowdown = 5;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kSlowdown = 5;
#else
constexpr int kSlowdown = 1;
#endif
#else
constexpr int kSlowdown = 1;
#endif

struct Loaded {
  std::optional<Node> root;
  std::vector<Diagnostic> diagnostics;
};

Loaded load(std::string text, const YamlLimits& limits = {}) {
  SourceFile file("t.yaml", std::move(text));
  Diagnostics sink;
  Loaded out;
  out.root = load_yaml(0, file, sink, limits);
  out.diagnostics = sink.take();
  return out;
}

DiagCode first_code(const Loaded& l) {
  REQUIRE(!l.diagnostics.empty());
  return l.diagnostics.front().code;
}

}  // namespace

TEST_CASE("plain scalars resolve with the YAML 1.2 core schema") {
  struct Row {
    const char* text;
    NodeKind kind;
  };
  const Row rows[] = {
      {"on", NodeKind::String},    {"yes", NodeKind::String},   {"no", NodeKind::String},
      {"off", NodeKind::String},   {"y", NodeKind::String},     {"true", NodeKind::Bool},
      {"False", NodeKind::Bool},   {"0777", NodeKind::Int},     {"0o17", NodeKind::Int},
      {"0x1F", NodeKind::Int},     {"-12", NodeKind::Int},      {"1e3", NodeKind::Float},
      {"1.5", NodeKind::Float},    {".inf", NodeKind::Float},   {".nan", NodeKind::Float},
      {"~", NodeKind::Null},       {"null", NodeKind::Null},    {"", NodeKind::Null},
      {"1_000", NodeKind::String}, {"12:30", NodeKind::String}, {"0b101", NodeKind::String},
      {"e3", NodeKind::String},    {"1.2.3", NodeKind::String},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    CHECK(resolve_plain_scalar(row.text) == row.kind);
  }
}

TEST_CASE("YAML 1.1 traps keep their YAML 1.2 meaning in documents") {
  Loaded l = load("a: on\nb: 0777\nc: 1e3\nd: 'true'\ne: no\n");
  REQUIRE(l.root);
  CHECK(l.root->find("a")->kind == NodeKind::String);
  CHECK(l.root->find("b")->kind == NodeKind::Int);
  CHECK(l.root->find("b")->as_int() == 777);
  CHECK(l.root->find("c")->kind == NodeKind::Float);
  CHECK(l.root->find("d")->kind == NodeKind::String);
  CHECK(l.root->find("e")->text == "no");
}

TEST_CASE("nodes carry 1-based line and code-point column") {
  Loaded l = load("top:\n  key: välue\n  ünï: [a, bb]\n");
  REQUIRE(l.root);
  const Node* top = l.root->find("top");
  REQUIRE(top);
  CHECK(top->find("key")->location.line == 2);
  CHECK(top->find("key")->location.column == 8);
  CHECK(top->find("key")->location.length == 5);
  const MapEntry* e = top->find_entry("ünï");
  REQUIRE(e);
  CHECK(e->key_location.column == 3);
  CHECK(e->value.items[1].location.column == 12);
  CHECK(e->value.items[1].location.length == 2);
}

TEST_CASE("CRLF line endings and a UTF-8 BOM are accepted") {
  Loaded l = load(
      "\xEF\xBB\xBF"
      "a: 1\r\nb:\r\n  c: x\r\n");
  REQUIRE(l.root);
  CHECK(l.root->find("b")->find("c")->text == "x");
  CHECK(l.root->find("b")->find("c")->location.line == 3);
  CHECK(l.root->find("b")->find("c")->location.column == 6);
}

TEST_CASE("nesting is capped at 64 levels, in flow and block style, without a crash") {
  auto deep_flow = [](std::size_t n, char open, char close) {
    std::string s(n, open);
    return s + std::string(n, close) + "\n";
  };
  CHECK(load("a: " + deep_flow(63, '[', ']')).root);  // 64 with the root map
  for (std::size_t depth : {65u, 1000u, 100000u, 1000000u}) {
    INFO(depth);
    auto start = std::chrono::steady_clock::now();
    YamlLimits limits;
    limits.max_file_bytes = 4u << 20;  // let the depth guard, not the size cap, answer
    Loaded l = load(deep_flow(depth, '[', ']'), limits);
    CHECK(!l.root);
    CHECK(first_code(l) == DiagCode::kNestingTooDeep);
    CHECK(l.diagnostics.front().location.column == 65);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1) * kSlowdown);
  }
  std::string flow_maps;
  for (int i = 0; i < 100000; ++i) flow_maps += "{a: ";
  Loaded maps = load(flow_maps + "1" + std::string(100000, '}'), YamlLimits{4u << 20});
  CHECK(first_code(maps) == DiagCode::kNestingTooDeep);
  std::string block;
  for (int i = 0; i < 70; ++i) block += std::string(static_cast<std::size_t>(i) * 2, ' ') + "a:\n";
  Loaded b = load(block);
  CHECK(first_code(b) == DiagCode::kNestingTooDeep);
  CHECK(b.diagnostics.front().location.line == 65);
}

TEST_CASE("alias bombs are refused quickly and cycles are refused without a crash") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char n = 'b'; n <= 'i'; ++n) {
    bomb += std::string(1, n) + ": &" + n + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = std::string(1, n);
  }
  REQUIRE(bomb.size() <= 500);
  auto start = std::chrono::steady_clock::now();
  Loaded l = load(bomb);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(100) * kSlowdown);
  CHECK(first_code(l) == DiagCode::kAliasBudget);
  CHECK(l.diagnostics.front().message.find("alias expansion budget exceeded") == 0);

  CHECK(first_code(load("&a [*a]\n")) == DiagCode::kAliasCycle);
  CHECK(first_code(load("&a {k: *a}\n")) == DiagCode::kAliasCycle);
  CHECK(first_code(load("a: &a {b: [*a]}\n")) == DiagCode::kAliasCycle);

  std::string many = "x: &x 1\ny: [";
  for (int i = 0; i < 101; ++i) many += (i ? ", *x" : "*x");
  CHECK(first_code(load(many + "]\n")) == DiagCode::kAliasBudget);

  Loaded ok = load("base: &b {cpu: 1}\napi: *b\nworker: *b\n");
  REQUIRE(ok.root);
  CHECK(ok.root->find("worker")->find("cpu")->text == "1");
  CHECK(ok.root->find("worker")->location.line == 3);
}

TEST_CASE("duplicate keys at any depth are errors naming both places") {
  Loaded l = load("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n");
  CHECK(!l.root);
  REQUIRE(l.diagnostics.size() == 1);
  const Diagnostic& d = l.diagnostics.front();
  CHECK(d.code == DiagCode::kDuplicateKey);
  CHECK(d.location.line == 5);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].location.line == 3);
  CHECK(first_code(load("{\"a\": 1, \"a\": 2}")) == DiagCode::kDuplicateKey);
  CHECK(first_code(load("x: {k: 1, k: 1}\n")) == DiagCode::kDuplicateKey);
  CHECK(first_code(load("a: 1\n<<: {b: 2}\n")) == DiagCode::kMergeKey);
}

TEST_CASE("size caps: file, scalar, keys per map") {
  CHECK(first_code(load(std::string((1u << 20) + 1, '#'))) == DiagCode::kFileTooLarge);
  CHECK(first_code(load("a: " + std::string(65 * 1024, 'x') + "\n")) == DiagCode::kScalarTooLong);
  std::string keys;
  for (int i = 0; i <= 10000; ++i) keys += "k" + std::to_string(i) + ": 1\n";
  Loaded l = load(keys);
  CHECK(first_code(l) == DiagCode::kTooManyKeys);
  CHECK(l.diagnostics.front().location.line == 10001);
}

TEST_CASE("encodings: invalid UTF-8 and NUL are rejected at their position") {
  struct Row {
    std::string text;
    std::uint32_t column;
  };
  const Row rows[] = {
      {"a: b\xff\n", 5},
      {"a: \xc0\xaf\n", 4},          // overlong
      {"ab: \xed\xa0\x80\n", 5},     // surrogate
      {"a: \xf4\x90\x80\x80\n", 4},  // past U+10FFFF
      {std::string("a: b\0c\n", 7), 5},
  };
  for (const auto& row : rows) {
    Loaded l = load(row.text);
    CHECK(first_code(l) == DiagCode::kInvalidUtf8);
    CHECK(l.diagnostics.front().location.column == row.column);
  }
}

TEST_CASE("other refusals: tags, complex keys, several documents, empty files, syntax") {
  CHECK(first_code(load("a: !Ref x\n")) == DiagCode::kUnsupportedTag);
  CHECK(load("a: !!str 12\n").root->find("a")->kind == NodeKind::String);
  CHECK(first_code(load("? [a]\n: 1\n")) == DiagCode::kComplexKey);
  CHECK(first_code(load("a: 1\n---\nb: 2\n")) == DiagCode::kMultipleDocuments);
  CHECK(first_code(load("")) == DiagCode::kEmptyDocument);
  CHECK(first_code(load("# only a comment\n")) == DiagCode::kEmptyDocument);
  Loaded syntax = load("a: [1, 2\n");
  CHECK(first_code(syntax) == DiagCode::kYamlSyntax);
}
