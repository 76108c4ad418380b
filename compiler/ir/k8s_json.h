// The Kubernetes IR as JSON and back, keys in IR order (nlohmann's ordered_json): the JSON
// printer writes dashboards with it, and patches (lower/patches.cpp) run RFC 6902 operations
// on it.
// Tested by tests/unit/printers_test.cpp and tests/unit/patches_test.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include "ir/k8s_ir.h"

namespace infrac {

nlohmann::ordered_json json_of(const KValue& value);
// Numbers with a fraction become strings (the IR has integers only).
KValue kvalue_of_json(const nlohmann::ordered_json& json);

}  // namespace infrac
