// Reading the platform model (resolve/platform.h) of one environment from infrac.yaml.
// Tested by tests/unit/needs_test.cpp and the corpus cases on spec.platform.
#pragma once

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

// spec.platform, overridden field by field by the environment's own platform: block
// (`env_node`: the environment's map in spec.environments). Needs the project's kubernetes and
// observability settings read first: the gateway and scraper namespaces default to them.
void read_platform(const Node& spec, const Node* env_node, Project& p, Environment& env,
                   Diagnostics& diagnostics);

}  // namespace infrac
