// Fuzzes the HCL reader the way `check --terraform` and `fmt` use it: limits, the tree-sitter
// parse, the first-error diagnostic, the model, literal evaluation of every attribute, the
// inventory view policies read, and the formatter, whose output must parse again and be a
// fixed point (fmt(fmt(x)) == fmt(x)). Any violation aborts, so libFuzzer keeps the input.
// Run: scripts/fuzz.sh [seconds]  (see CONTRIBUTING.md)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hcl/format.h"
#include "hcl/module_interface.h"
#include "hcl/reader.h"
#include "hcl/value.h"

namespace {

void evaluate_body(const infrac::Body& body) {
  for (const auto& a : body.attributes) {
    infrac::HclValue v = infrac::evaluate(a.value);
    (void)infrac::type_mismatch(v, infrac::parse_type(a.value));
  }
  for (const auto& b : body.blocks) evaluate_body(b.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infrac;
  std::string text(reinterpret_cast<const char*>(data), size);
  SourceFiles files;
  Diagnostics diagnostics;
  FileId id = files.add("fuzz.tf", text);
  std::optional<HclFile> file = read_hcl(files, id, diagnostics);
  if (!file) {
    if (!diagnostics.has_errors()) {
      std::fprintf(stderr, "a file that does not read has no diagnostic\n");
      std::abort();
    }
    return 0;
  }
  evaluate_body(file->body);
  std::vector<const HclFile*> views{&*file};
  (void)module_interface(views, "fuzz");
  std::optional<std::string> once = format_hcl(text);
  if (!once) return 0;  // e.g. input the reader rejects for limits the formatter does not check
  std::optional<std::string> twice = format_hcl(*once);
  if (!twice || *twice != *once) {
    std::fprintf(stderr, "fmt is not a fixed point on this input\n");
    std::abort();
  }
  return 0;
}
