// Cross-service resolution: every dependency names an existing, callable service; injected
// URL variables get their values; the model is assembled in a deterministic order.
// Tested by tests/unit/golden_test.cpp (the reviewed acme model).
#pragma once

#include <vector>

#include "base/diagnostic.h"
#include "resolve/build_model.h"
#include "resolve/model.h"

namespace infrac {

Model resolve_model(Project project, std::vector<ServiceBuild> builds, Diagnostics& diagnostics);

}  // namespace infrac
