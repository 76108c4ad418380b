// What a reviewer must see first in a target's plan: data that is lost (a stateful module
// deleted or replaced), traffic that moves (Cloud Run services, canary splits, a runtime
// move), URLs that appear, vanish or change, fewer production replicas, engine upgrades,
// access gained or lost, egress opened or closed, Jobs that run and Deployments that roll,
// and what an SLO change means for its error budget (99.9% -> 99.5%: five
// times larger) or where alarms stop notifying.
// Tested by tests/cli/plan_test.cpp and tests/cli/gcp_test.cpp.
#pragma once

#include "plan/risk_inputs.h"

namespace infrac {

// Every risk of one target: data, traffic, URLs, replicas, upgrades and observability here;
// access (access_risks.h), network (network_risks.h) and what runs (run_risks.h) from meaning.
void add_target_risks(TargetPlan& tp, const RiskInputs& in);

// Every risk names the spec line behind it: a message that does not cite its origin yet gets
// " (path:line)" appended.
void cite_spec_lines(std::vector<Risk>& risks);

}  // namespace infrac
