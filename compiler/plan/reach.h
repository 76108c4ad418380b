// Which targets a change can alter, so a plan compiles only those past resolve.
//
// A service's output depends on its own spec, on the specs of the services it calls (their
// internal URLs and ports become its environment) and on the services that call it (their
// names become its NetworkPolicy's ingress). So a change to services/S/ reaches S, everything
// S calls, and everything that calls S — on EITHER side: a dependency dropped in the head is
// still an edge of the base, and its callee loses an ingress rule. Anything outside services/
// (infrac.yaml, policies, modules) reaches every target. See docs/ci.md ("Which targets").
// Tested by tests/unit/plan_diff_test.cpp and the differential test (tests/differential/).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "resolve/model.h"

namespace infrac {

// The services whose own folder changed, or nullopt when a shared input changed (everything
// is reached).
std::optional<std::set<std::string>> changed_services(const std::vector<std::string>& inputs);

// Target ids (env/service) the change reaches on the base or the head model.
std::set<std::string> reached_targets(const std::set<std::string>& changed, const Model* base,
                                      const Model* head);

}  // namespace infrac
