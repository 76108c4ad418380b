// A hash of an IR value's content, never of its printed text: names and annotations that must
// change when content changes (a ConfigMap's hash on the pods, a Job's name) stay the same
// when the YAML printer changes its quoting or layout. Origins (spec locations) are not
// content. Stable across machines: FNV-1a over a length-prefixed encoding of the value.
// Tested by tests/unit/printers_test.cpp ("content hash").
#pragma once

#include <cstddef>
#include <string>

#include "ir/k8s_ir.h"
#include "ir/terraform_ir.h"

namespace infrac {

// The first `digits` hex digits (at most 16) of the value's content hash.
std::string content_hash(const KValue& value, std::size_t digits = 8);
// The same for a Terraform expression (references hash as written).
std::string content_hash(const TfExpr& value, std::size_t digits = 8);

}  // namespace infrac
