// What a reviewer must see first in a target's plan: data that is lost (a stateful module
// deleted or replaced), traffic that moves (Cloud Run services, canary splits, a runtime
// move), URLs that appear, vanish or change, fewer production replicas, engine upgrades,
// IAM access gained, and what an SLO change means for its error budget (99.9% -> 99.5%: five
// times larger) or where alarms stop notifying.
// Tested by tests/cli/plan_test.cpp and tests/cli/gcp_test.cpp.
#pragma once

#include "plan/items.h"
#include "plan/plan.h"
#include "resolve/model.h"

namespace infrac {

// `head`: the head's target (null when the target is removed), for what its spec opted into.
void add_target_risks(TargetPlan& tp, const Items& k_before, const Items& k_after, bool production,
                      const Target* head);

}  // namespace infrac
