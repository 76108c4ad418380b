// Paths of the reachability evaluator as JSON ({from, to, port, protocol, why}): one form for
// `infrac access --format json` and the proof in `infrac import`'s report.
// Tested by tests/cli/access_test.cpp and tests/cli/import_calls_test.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "policy/reachability.h"

namespace infrac {

nlohmann::ordered_json paths_json(const std::vector<Path>& paths);

}  // namespace infrac
