// What runs because of a change: a `run: once` Job whose name changes runs again (its name
// carries a hash of what it runs, docs/spec.md#jobs), a new one runs for the first time, each
// with its deadline and what changed; and Deployments whose pod template changes roll, with
// what changed in words (env ABC removed, image, command), not YAML paths.
// Tested by tests/cli/plan_risks_test.cpp and the risk oracle of the differential test.
#pragma once

#include "plan/risk_inputs.h"

namespace infrac {

void add_run_risks(TargetPlan& tp, const RiskInputs& in);

}  // namespace infrac
