// Prints an IR value as compact JSON (keys in IR order, a final newline): the
// Grafana dashboards, as files for provisioning and inside their ConfigMaps. nlohmann/json
// does the escaping.
// Tested by tests/unit/printers_test.cpp and tests/tooling/dashboards.test.mjs.
#pragma once

#include <string>

#include "ir/k8s_ir.h"

namespace infrac {

std::string print_json(const KValue& value);

}  // namespace infrac
