// Prints a Kubernetes IR value as one YAML document in block style, keys in IR order.
// Scalars are quoted whenever a YAML 1.1 or 1.2 reader could take them for anything but a
// string (Kubernetes tooling still reads YAML 1.1: `on`, `yes`, `0777`, `1:20`).
// Tested by tests/unit/printers_test.cpp; the output is read back by yaml-cpp and by
// the external test suite's YAML parser.
#pragma once

#include <string>

#include "ir/k8s_ir.h"

namespace infrac {

std::string print_yaml(const KValue& document);

// The scalar as YAML: plain when that is unambiguous, double-quoted otherwise.
std::string yaml_scalar(std::string_view text);
void append_yaml_scalar(std::string& out, std::string_view text);

}  // namespace infrac
