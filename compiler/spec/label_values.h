// Kubernetes label keys and values as the API server validates them
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set):
// a key is an optional DNS-subdomain prefix of at most 253 characters and '/', then a name of
// at most 63; a value is empty or at most 63 characters, alphanumeric at both ends with '-',
// '_' and '.' between. Read by the schema's label_key format (spec/formats.cpp); the
// character rules are the formats' patterns, the lengths of each part are checked here.
// Tested by tests/corpus/invalid/183-label-value-invalid.txtar, 184 and 185.
#pragma once

#include <optional>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

// [prefix/]name: the prefix a lowercase DNS subdomain of at most 253 characters, the name at
// most 63 characters as a label value's.
std::optional<ValueProblem> check_label_key(std::string_view text);
// Empty, or letters, digits, '-', '_' and '.', alphanumeric at both ends (the format caps the
// length at 63).
std::optional<ValueProblem> check_label_value(std::string_view text);

}  // namespace infrac
