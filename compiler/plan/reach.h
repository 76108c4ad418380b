// Which targets a change can alter, so a plan (and an incremental build) compiles only those
// past resolve.
//
// A change to services/S/ reaches what the target graph (resolve/target_graph.h) says reads
// S: S itself, every target with an edge to S (a caller reads S's URL, a publisher S's queue)
// and the callees of S (their ingress names S) — on EITHER side: a dependency dropped in the
// head is still an edge of the base, and its callee loses an ingress rule. Anything outside
// services/ (infrac.yaml, a policy, a module) reaches every target. See docs/ci.md
// ("Which targets").
// Tested by tests/unit/plan_diff_test.cpp and the differential test (tests/differential/).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "resolve/target_graph.h"

namespace infrac {

// The services whose own folder changed, or nullopt when a shared input changed (everything
// is reached).
std::optional<std::set<std::string>> changed_services(const std::vector<std::string>& inputs);

// Target ids (env/service) the change reaches on either graph (null: that side has none).
std::set<std::string> reached_targets(const std::set<std::string>& changed, const TargetGraph* base,
                                      const TargetGraph* head);

}  // namespace infrac
