// The HCL and YAML printers: terraform fmt's layout rules and YAML quoting, as tables.
#include <catch2/catch.hpp>

#include "base/source_files.h"
#include "emit/hcl_printer.h"
#include "emit/yaml_printer.h"
#include "ir/content_hash.h"
#include "spec/yaml_loader.h"

using namespace infrac;

TEST_CASE("HCL: runs of single-line arguments align their equals signs", "[hcl]") {
  TfFile file{"main.tf", "", {}};
  TfBlock m;
  m.type = "module";
  m.labels = {"db"};
  m.set("source", TfExpr::str("../modules/aws/postgres"));
  m.set("name", TfExpr::str("acme-prod-x-db"), true);
  m.set("allocated_storage", TfExpr::num(20));
  TfExpr tags = TfExpr::object();
  tags.set("app.kubernetes.io/component", TfExpr::str("db"));
  tags.set("team", TfExpr::str("core"));
  m.set("tags", tags);
  m.set("multi_az", TfExpr::flag(true));
  file.blocks.push_back(m);
  CHECK(print_hcl(file) ==
        "module \"db\" {\n"
        "  source = \"../modules/aws/postgres\"\n"
        "\n"
        "  name              = \"acme-prod-x-db\"\n"
        "  allocated_storage = 20\n"
        "  tags = {\n"
        "    \"app.kubernetes.io/component\" = \"db\"\n"
        "    team                          = \"core\"\n"
        "  }\n"
        "  multi_az = true\n"
        "}\n");
}

TEST_CASE("HCL: arguments come before nested blocks, blocks are separated by blank lines",
          "[hcl]") {
  TfFile file{"versions.tf", "Versions.\nSecond line.", {}};
  TfBlock terraform;
  terraform.type = "terraform";
  terraform.set("required_version", TfExpr::str(">= 1.6.0"));
  TfBlock providers;
  providers.type = "required_providers";
  TfExpr aws = TfExpr::object();
  aws.set("source", TfExpr::str("hashicorp/aws"));
  aws.set("version", TfExpr::str("~> 5.80"));
  providers.set("aws", aws);
  terraform.blocks.push_back(providers);
  file.blocks.push_back(terraform);
  TfBlock out;
  out.type = "output";
  out.labels = {"arn"};
  out.set("value", TfExpr::ref("module.db.arn"));
  out.set("list", TfExpr::list({TfExpr::str("a"), TfExpr::num(1), TfExpr::ref("var.x")}));
  out.set("empty", TfExpr::object());
  file.blocks.push_back(out);
  CHECK(print_hcl(file) ==
        "# Versions.\n# Second line.\n\n"
        "terraform {\n"
        "  required_version = \">= 1.6.0\"\n"
        "\n"
        "  required_providers {\n"
        "    aws = {\n"
        "      source  = \"hashicorp/aws\"\n"
        "      version = \"~> 5.80\"\n"
        "    }\n"
        "  }\n"
        "}\n"
        "\n"
        "output \"arn\" {\n"
        "  value = module.db.arn\n"
        "  list  = [\"a\", 1, var.x]\n"
        "  empty = {}\n"
        "}\n");
}

TEST_CASE("HCL: string literals never become templates", "[hcl]") {
  CHECK(hcl_quote("plain") == "\"plain\"");
  CHECK(hcl_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(hcl_quote("${var.secret}") == "\"$${var.secret}\"");
  CHECK(hcl_quote("%{ if x }") == "\"%%{ if x }\"");
  CHECK(hcl_quote("100% $5") == "\"100% $5\"");
  CHECK(hcl_quote("line\nnext\t\x01") == "\"line\\nnext\\t\\u0001\"");
  CHECK(hcl_quote("東京") == "\"東京\"");
}

TEST_CASE("YAML: scalars are plain only when no YAML 1.1 or 1.2 reader could misread them",
          "[yaml]") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"payments", "payments"},
      {"app.kubernetes.io/name", "app.kubernetes.io/name"},
      {"http://users.users.svc.cluster.local:8080", "http://users.users.svc.cluster.local:8080"},
      {"bin/server", "bin/server"},
      {"Asia/Tokyo", "Asia/Tokyo"},
      {"true", "\"true\""},
      {"on", "\"on\""},
      {"No", "\"No\""},
      {"y", "\"y\""},
      {"null", "\"null\""},
      {"~", "\"~\""},
      {"", "\"\""},
      {"0777", "\"0777\""},
      {"8080", "\"8080\""},
      {"1:20", "\"1:20\""},
      {"1.4.2", "\"1.4.2\""},
      {"250m", "\"250m\""},
      {"0 3 * * *", "\"0 3 * * *\""},
      {"a: b", "\"a: b\""},
      {"ends:", "\"ends:\""},
      {"x #comment", "\"x #comment\""},
      {"-dash", "\"-dash\""},
      {"*alias", "\"*alias\""},
      {"say \"hi\"", "'say \"hi\"'"},          // single quotes: nothing inside is escaped
      {"it's \"hi\"", "\"it's \\\"hi\\\"\""},  // both quote kinds: double quotes, escaped
      {"two\nlines", "\"two\\nlines\""},
      {"trailing ", "\"trailing \""},
      {"--since=2024-01-01", "\"--since=2024-01-01\""},
      {"東京", "\"東京\""},
  };
  for (const auto& row : rows) {
    INFO(row.in);
    CHECK(yaml_scalar(row.in) == row.out);
  }
}

TEST_CASE("YAML: documents print in block style and read back to the same values", "[yaml]") {
  KValue doc = KValue::map(
      {{"apiVersion", KValue::str("v1")},
       {"kind", KValue::str("ConfigMap")},
       {"metadata", KValue::map({{"name", KValue::str("x")}})},
       {"data", KValue::map({{"A", KValue::str("on")}, {"B", KValue::str("1:20")}})},
       {"list", KValue::list({KValue::map({{"name", KValue::str("a")}, {"port", KValue::num(80)}}),
                              KValue::str("plain"), KValue::list({KValue::flag(true)})})},
       {"empty", KValue::map()},
       {"none", KValue::list()}});
  std::string text = print_yaml(doc);
  CHECK(text ==
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: x\n"
        "data:\n"
        "  A: \"on\"\n"
        "  B: \"1:20\"\n"
        "list:\n"
        "  - name: a\n"
        "    port: 80\n"
        "  - plain\n"
        "  -\n"
        "    - true\n"
        "empty: {}\n"
        "none: []\n");
  SourceFile file("x.yaml", text);
  Diagnostics diagnostics;
  auto root = load_yaml(0, file, diagnostics);
  REQUIRE(root);
  CHECK(root->find("data")->find("A")->kind == NodeKind::String);
  CHECK(root->find("data")->find("A")->text == "on");
  CHECK(root->find("data")->find("B")->text == "1:20");
  CHECK(root->find("list")->items[0].find("port")->as_int() == 80);
  CHECK(root->find("list")->items[2].items[0].kind == NodeKind::Bool);
}

TEST_CASE("content hash: of the IR's content, not of its printed text or origins", "[ir]") {
  KValue a = KValue::map({{"image", KValue::str("x:1")}, {"args", KValue::strings({"ab", "c"})}});
  KValue same = KValue::map({{"image", KValue::str("x:1", Location{1, 3, 5, 1})},
                             {"args", KValue::strings({"ab", "c"})}});
  CHECK(content_hash(a) == content_hash(same));  // origins are not content
  // Pinned: a changed encoding renames every Job and rolls every pod with a ConfigMap. The value
  // was computed independently (Python): FNV-1a 64 over kind byte (Map 5, List 4, String 3),
  // counts and lengths as 8-byte little-endian, keys and strings as their bytes.
  CHECK(content_hash(a, 16) == "e97248928993556d");
  CHECK(content_hash(a).size() == 8);
  KValue split =
      KValue::map({{"image", KValue::str("x:1")}, {"args", KValue::strings({"a", "bc"})}});
  CHECK(content_hash(a) != content_hash(split));
  KValue reordered =
      KValue::map({{"args", KValue::strings({"ab", "c"})}, {"image", KValue::str("x:1")}});
  CHECK(content_hash(a) != content_hash(reordered));
  CHECK(content_hash(KValue::str("1")) != content_hash(KValue::num(1)));
  CHECK(content_hash(KValue::str("true")) != content_hash(KValue::flag(true)));
  CHECK(content_hash(KValue::list()) != content_hash(KValue::map()));
}
