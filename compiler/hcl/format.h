// The canonical form of a .tf file, by the rules `terraform fmt` applies (HashiCorp's hclwrite
// formatter plus Terraform's own rewrites): indentation by bracket depth, one space between
// most tokens, `=` and trailing comments aligned across consecutive lines, "${x}" unwrapped,
// quoted legacy variable types and bare block labels normalised. Only whitespace changes,
// apart from those rewrites; template text, heredocs and comments are kept byte for byte.
// Tested by tests/unit/hcl_test.cpp, the Terraform corpus (against `terraform fmt`
// where it is installed) and the round trip of every .tf file infrac emits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace infrac {

// nullopt when the text is not valid HCL (formatting broken input would guess).
std::optional<std::string> format_hcl(std::string_view text);

}  // namespace infrac
