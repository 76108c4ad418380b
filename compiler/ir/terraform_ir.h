// The Terraform IR: files of blocks, attributes and expressions as values. Lowering builds a
// root module per target (lower/aws_lower.cpp); emit/hcl_printer.cpp prints it in canonical
// `terraform fmt` form; the plan stage will diff blocks by address. Values carry the spec
// location that produced them.
// Tested by tests/unit/printers_test.cpp and the acme golden files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/location.h"

namespace infrac {

struct TfObjectItem;

struct TfExpr {
  enum class Kind : std::uint8_t { String, Number, Bool, Null, Reference, List, Object };
  Kind kind = Kind::Null;
  std::string text;  // String: the literal value (escaped when printed); Reference: as written
  std::int64_t number = 0;
  bool boolean = false;
  std::vector<TfExpr> items;          // List
  std::vector<TfObjectItem> entries;  // Object, in output order
  Location origin;

  static TfExpr str(std::string s, Location origin = {});
  static TfExpr num(std::int64_t n, Location origin = {});
  // A number with a fraction, as its exact decimal text ("0.999", "13.44"); `text` holds it.
  static TfExpr decimal(std::string text, Location origin = {});
  // A Number's literal: the decimal text, or the integer.
  std::string number_text() const { return text.empty() ? std::to_string(number) : text; }
  static TfExpr flag(bool b, Location origin = {});
  static TfExpr ref(std::string traversal, Location origin = {});  // module.db.secret_arn
  static TfExpr list();
  static TfExpr list(std::vector<TfExpr> items);
  static TfExpr object();
  static TfExpr strings(const std::vector<std::string>& items, Location origin = {});
  TfExpr& set(std::string key, TfExpr value);  // Object
};

struct TfObjectItem {
  std::string key;  // printed bare when it is an identifier, quoted otherwise
  TfExpr value;
};

struct TfAttribute {
  std::string name;
  TfExpr value;
  bool blank_line_before = false;  // separates argument groups (meta-arguments from inputs)
};

struct TfBlock {
  std::string type;                 // resource, module, terraform, provider, output, ...
  std::vector<std::string> labels;  // printed quoted
  std::vector<TfAttribute> attributes;
  std::vector<TfBlock> blocks;
  Location origin;
  std::string called_module;  // module blocks: the interface they call ("aws/postgres")

  TfAttribute& set(std::string name, TfExpr value, bool blank_line_before = false);
  const TfAttribute* find(std::string_view name) const;
  std::string address() const;  // module.db, resource.aws_x.y, output.role_arn, ...
};

struct TfFile {
  std::string name;            // main.tf, ...
  std::string header_comment;  // printed as `# ...` lines before the first block
  std::vector<TfBlock> blocks;
  // A service's own .tf file (services/<name>/terraform/), printed as written after the
  // header; it has no blocks of the IR.
  std::string verbatim{};
  Location origin{};  // a verbatim file's own first line (what the plan cites)
};

struct TfModule {
  std::vector<TfFile> files;  // in file-name order
};

}  // namespace infrac
