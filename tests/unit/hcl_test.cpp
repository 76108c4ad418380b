// The HCL reader: the model built from tree-sitter's tree, literal evaluation, one syntax error
// per broken file at its line:column (tests/corpus/hcl-errors), the formatter (tables, a fixed
// point on the Terraform corpus, byte-identical on everything infrac emits, and equal to
// `terraform fmt` where terraform is installed), and module interfaces read from source.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "hcl/format.h"
#include "hcl/module_interface.h"
#include "hcl/reader.h"
#include "hcl/value.h"
#include "support.h"

using namespace infrac;
namespace fs = std::filesystem;

namespace {

struct Parsed {
  SourceFiles files;
  Diagnostics diagnostics;
  std::optional<HclFile> file;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  FileId id = p->files.add("test.tf", text);
  p->file = read_hcl(p->files, id, p->diagnostics);
  return p;
}

HclValue value_of(const std::string& expression) {
  auto p = parse("x = " + expression + "\n");
  REQUIRE(p->file);
  REQUIRE(p->file->body.attributes.size() == 1);
  return evaluate(p->file->body.attributes[0].value);
}

std::vector<fs::path> tf_files_under(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".tf") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("HCL model: blocks, labels, attributes, comments and locations", "[hcl]") {
  auto p = parse(
      "# leading\n"
      "resource \"aws_s3_bucket\" \"logs\" { // same line\n"
      "  bucket = \"acme-logs\" /* block */\n"
      "  dynamic \"rule\" {\n"
      "    for_each = var.rules\n"
      "    content { id = rule.key }\n"
      "  }\n"
      "}\n"
      "locals { é = \"ü\" }\n");
  REQUIRE(p->file);
  const Body& body = p->file->body;
  REQUIRE(body.blocks.size() == 2);
  const Block& r = body.blocks[0];
  CHECK(r.type == "resource");
  CHECK(r.labels == std::vector<std::string>{"aws_s3_bucket", "logs"});
  CHECK(r.span.location.line == 2);
  CHECK(r.span.location.column == 1);
  REQUIRE(r.body.attribute("bucket"));
  CHECK(r.body.attribute("bucket")->value.span.location.line == 3);
  CHECK(r.body.attribute("bucket")->value.span.location.column == 12);
  REQUIRE(r.body.blocks.size() == 1);
  CHECK(r.body.blocks[0].labels == std::vector<std::string>{"rule"});
  CHECK(r.body.blocks[0].body.attribute("for_each")->value.traversal() == "var.rules");
  REQUIRE(p->file->comments.size() == 3);
  CHECK(p->file->comments[1].text == "// same line");
  CHECK(p->file->comments[2].text == "/* block */");
  // Columns count code points: "ü" starts after the two-byte "é".
  const Attribute* e = body.blocks[1].body.attribute("é");
  REQUIRE(e);
  CHECK(e->value.span.location.column == 14);
}

TEST_CASE("HCL evaluation: literals are values, everything Terraform computes is unknown",
          "[hcl]") {
  using K = HclValue::Kind;
  CHECK(value_of("\"a\\tb\\\"c\\u00e9\"").text == "a\tb\"cé");
  CHECK(value_of("\"$${literal} %%{x}\"").text == "${literal} %{x}");
  CHECK(value_of("42").kind == K::Number);
  CHECK(value_of("2.5e3").text == "2500");
  CHECK(value_of("-1").text == "-1");
  CHECK(value_of("true").boolean);
  CHECK(value_of("null").kind == K::Null);
  CHECK(value_of("1 + 2 * 3").text == "7");
  CHECK(value_of("10 > 3 && !false").boolean);
  CHECK(value_of("true ? \"yes\" : var.x").text == "yes");
  CHECK(value_of("\"n-${1 + 1}\"").text == "n-2");
  HclValue list = value_of("[1, \"two\", var.three]");
  REQUIRE(list.kind == K::List);
  CHECK(list.items[1].text == "two");
  CHECK(list.items[2].kind == K::Unknown);
  HclValue map = value_of("{ a = 1, \"b.c\" = { d = [true] } }");
  REQUIRE(map.kind == K::Map);
  CHECK(map.find("b.c")->find("d")->items[0].boolean);
  for (const char* unknown :
       {"var.x", "local.y[0]", "upper(\"a\")", "[for s in var.l : s]", "\"${var.x}-a\"",
        "\"%{if true}a%{endif}\"", "aws_s3_bucket.x[*].id", "var.c ? 1 : 2"}) {
    INFO(unknown);
    CHECK(value_of(unknown).kind == K::Unknown);
  }
  auto heredoc = parse("x = <<-EOT\n    one\n      two\n    EOT\ny = <<EOT\n  raw ${\"v\"}\nEOT\n");
  REQUIRE(heredoc->file);
  CHECK(evaluate(heredoc->file->body.attributes[0].value).text == "one\n  two\n");
  CHECK(evaluate(heredoc->file->body.attributes[1].value).text == "  raw v\n");
}

TEST_CASE("HCL syntax errors: one diagnostic per file, at the line and column of the mistake",
          "[hcl]") {
  fs::path dir = test::source_dir() / "tests/corpus/hcl-errors";
  std::size_t cases = 0;
  for (const auto& path : tf_files_under(dir)) {
    INFO(path.filename().string());
    std::string text = test::read_file(path);
    std::string first = text.substr(0, text.find('\n'));
    REQUIRE(first.rfind("# expect: ", 0) == 0);
    std::string expect = first.substr(10);
    auto p = parse(text);
    CHECK_FALSE(p->file);
    auto diagnostics = p->diagnostics.sorted(p->files);
    REQUIRE(diagnostics.size() == 1);
    const Diagnostic& d = diagnostics[0];
    CHECK(d.code == DiagCode::kHclSyntax);
    CHECK(std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " +
              d.message ==
          expect);
    ++cases;
  }
  CHECK(cases >= 12);
}

TEST_CASE("HCL limits: nesting, size and bytes are refused before parsing", "[hcl]") {
  std::string deep = "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  auto p = parse(deep);
  CHECK_FALSE(p->file);
  auto d = p->diagnostics.sorted(p->files);
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == DiagCode::kHclLimit);
  CHECK(d[0].message == "nesting depth > 256");
  // Brackets after // or # inside strings, and unbalanced ones in heredocs, do not count.
  std::string many;
  for (int i = 0; i < 300; ++i) many += "  u" + std::to_string(i) + " = { a = \"https://x/#(\" }\n";
  auto urls = parse("locals {\n" + many + "  h = <<EOT\n" + std::string(300, '{') + "\nEOT\n}\n");
  CHECK(urls->file);
  CHECK(urls->diagnostics.size() == 0);
  // Interpolations count as a level.
  std::string nested = "x = \"";
  for (int i = 0; i < 300; ++i) nested += "${\"";
  auto deep_template = parse(nested + "\n");
  CHECK_FALSE(deep_template->file);
  CHECK(deep_template->diagnostics.sorted(deep_template->files)[0].code == DiagCode::kHclLimit);
  auto nul = parse(std::string("x = \"a\0b\"\n", 10));
  CHECK_FALSE(nul->file);
  CHECK(nul->diagnostics.sorted(nul->files)[0].message == "NUL byte in the file");
  SourceFiles files;
  Diagnostics diagnostics;
  FileId id = files.add("big.tf", std::string(5u << 20, ' '));
  CHECK_FALSE(read_hcl(files, id, diagnostics));
  CHECK(diagnostics.sorted(files)[0].code == DiagCode::kHclLimit);
}

TEST_CASE("fmt: terraform fmt's rules, as a table", "[hcl]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"a=1\nlong_name=2\n", "a         = 1\nlong_name = 2\n"},
      {"b {\nx=1\n  }\n", "b {\n  x = 1\n}\n"},
      {"x = [ 1,2 ]\n", "x = [1, 2]\n"},
      {"x = { a=1 }\n", "x = { a = 1 }\n"},
      {"x = {}\n", "x = {}\n"},
      {"x = f( a , b... )\n", "x = f(a, b...)\n"},
      {"x = \"${var.a}\"\n", "x = var.a\n"},
      {"x = \"${var.a}-b\"\n", "x = \"${var.a}-b\"\n"},
      {"x = \"${ var.a }-b\"\n", "x = \"${var.a}-b\"\n"},
      {"x = -1\ny = a - 1\n", "x = -1\ny = a - 1\n"},
      {"x = ! a\n", "x = !a\n"},
      {"x = a [0].b\n", "x = a[0].b\n"},
      {"x = a[*].b\ny = a.*.b\n", "x = a[*].b\ny = a.*.b\n"},
      {"x = [for s in [a]: s if s!=\"\"]\n", "x = [for s in [a] : s if s != \"\"]\n"},
      {"x = 1 # one\nyy = 2 # two\n", "x  = 1 # one\nyy = 2 # two\n"},
      {"resource a b {}\n", "resource \"a\" \"b\" {}\n"},
      {"variable \"v\" {\n  type = \"string\"\n}\n", "variable \"v\" {\n  type = string\n}\n"},
      {"variable \"v\" {\n  type = list\n}\n", "variable \"v\" {\n  type = list(any)\n}\n"},
      {"x = <<EOT\n  keep   ${ a }\nEOT\n", "x = <<EOT\n  keep   ${a}\nEOT\n"},
      {"x = 1   \n\n\ny = 2\n", "x = 1\n\n\ny = 2\n"},
      {"a = 1\r\nbb = 2\r\n", "a  = 1\r\nbb = 2\r\n"},
      {"x = \"%{ if a ~}b%{~ endif }\"\n", "x = \"%{if a~}b%{~endif}\"\n"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    auto out = format_hcl(c.in);
    REQUIRE(out);
    CHECK(*out == c.out);
    CHECK(*format_hcl(*out) == *out);
  }
  CHECK_FALSE(format_hcl("x = [\n"));
}

TEST_CASE("fmt: a fixed point on the Terraform corpus, and every input parses", "[hcl]") {
  auto files = tf_files_under(test::source_dir() / "tests/corpus/terraform/repo");
  REQUIRE(files.size() >= 300);
  for (const auto& path : files) {
    INFO(path.string());
    std::string text = test::read_file(path);
    auto once = format_hcl(text);
    REQUIRE(once);
    CHECK(format_hcl(*once) == once);
    auto p = parse(text);
    CHECK(p->file);
    CHECK(p->diagnostics.size() == 0);
  }
}

TEST_CASE("fmt: everything infrac emits reads back and prints byte-identical", "[hcl]") {
  test::TempDir dir;
  fs::path out = dir.path / "out";
  auto r = test::run_infrac("build --root " + (test::source_dir() / "examples/acme").string() +
                                " --out " + out.string() + " -q",
                            "INFRAC_NOW=2026-11-22");
  REQUIRE(r.exit_code == 0);
  auto files = tf_files_under(out);
  REQUIRE(files.size() > 50);
  for (const auto& path : files) {
    INFO(path.string());
    std::string text = test::read_file(path);
    auto formatted = format_hcl(text);
    REQUIRE(formatted);
    CHECK(*formatted == text);
  }
}

TEST_CASE("fmt: equal to terraform fmt on the corpus (where terraform is installed)", "[hcl]") {
  if (!test::external_tool("terraform", "terraform version",
                           "infrac fmt equals terraform fmt on the HCL corpus"))
    return;
  test::TempDir dir;
  fs::path copy = dir.path / "repo";
  fs::copy(test::source_dir() / "tests/corpus/terraform/repo", copy, fs::copy_options::recursive);
  std::string command = "cd '" + copy.string() + "' && terraform fmt -recursive >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::size_t changed = 0;
  for (const auto& path : tf_files_under(test::source_dir() / "tests/corpus/terraform/repo")) {
    fs::path theirs = copy / fs::relative(path, test::source_dir() / "tests/corpus/terraform/repo");
    INFO(path.string());
    std::string text = test::read_file(path);
    auto ours = format_hcl(text);
    REQUIRE(ours);
    CHECK(*ours == test::read_file(theirs));
    changed += *ours != text;
  }
  CHECK(changed > 10);  // the corpus keeps non-canonical files on purpose
}

TEST_CASE("module interfaces: infrac's modules read from their source", "[hcl]") {
  const ModuleInterfaces& interfaces = builtin_module_interfaces("aws");
  REQUIRE(interfaces.count("aws/postgres"));
  const ModuleInterface& pg = *interfaces.at("aws/postgres");
  REQUIRE(pg.variable("instance_class"));
  CHECK(pg.variable("instance_class")->required());
  CHECK(pg.variable("instance_class")->has_validation);
  REQUIRE(pg.variable("multi_az"));
  CHECK_FALSE(pg.variable("multi_az")->required());
  CHECK(describe(pg.variable("multi_az")->type) == "bool");
  CHECK(pg.output("secret_arn"));
  CHECK(suggest_variable("instance_clas", pg, {}) == "did you mean 'instance_class'?");
}

TEST_CASE("module interfaces: literal values against type constraints", "[hcl]") {
  auto type = [](const std::string& source) {
    auto p = parse("t = " + source + "\n");
    REQUIRE(p->file);
    return parse_type(p->file->body.attributes[0].value);
  };
  CHECK(type_mismatch(value_of("\"a\""), type("string")).empty());
  CHECK(type_mismatch(value_of("3"), type("string")).empty());  // Terraform converts
  CHECK(type_mismatch(value_of("\"3\""), type("number")).empty());
  CHECK(type_mismatch(value_of("\"x\""), type("number")) ==
        "string \"x\" given where number is expected");
  CHECK(type_mismatch(value_of("[1]"), type("bool")) == "list given where bool is expected");
  CHECK(type_mismatch(value_of("var.x"), type("number")).empty());  // unknown: not judged
  CHECK(type_mismatch(value_of("[\"a\", 2]"), type("list(string)")).empty());
  CHECK(type_mismatch(value_of("[\"a\", [2]]"), type("list(string)")) ==
        "element 1: list given where string is expected");
  CHECK(type_mismatch(value_of("{ a = 1 }"), type("map(number)")).empty());
  auto object = type("object({ name = string, size = optional(number) })");
  CHECK(type_mismatch(value_of("{ name = \"n\" }"), object).empty());
  CHECK(type_mismatch(value_of("{ size = 1 }"), object) == "attribute \"name\" is required");
}
