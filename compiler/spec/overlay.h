// Environment overrides: `environments.<env>` deep-merged into `spec`.
// Maps merge key by key, lists and scalars replace, and null removes the key. Merged nodes
// keep the location of whichever file line supplied them, so a finding on an overridden value
// points at the override.
// Tested by tests/unit/overlay_test.cpp.
#pragma once

#include "spec/node.h"

namespace infrac {

Node merge_override(const Node& base, const Node& override_node);

}  // namespace infrac
