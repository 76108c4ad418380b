// Prints the Terraform IR in the canonical form of `terraform fmt` (conventions.md §1.1):
// two-space indent, `=` aligned across runs of single-line arguments, arguments before
// blocks, one blank line between blocks. The printer is the only place that knows HCL syntax
// for output; what it prints must already be what `terraform fmt` would print.
// Tested by tests/unit/printers_test.cpp (and `terraform fmt -check` where installed).
#pragma once

#include <string>

#include "ir/terraform_ir.h"

namespace infrac {

std::string print_hcl(const TfFile& file);

// A quoted HCL string literal: escapes quotes, backslashes, control characters, and the
// template introducers `${` and `%{` so a value is never evaluated as a template.
std::string hcl_quote(std::string_view text);

}  // namespace infrac
