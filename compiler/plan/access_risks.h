// Access risks from meaning: each identity's grants (secrets, datastores, buckets, queues,
// topics, spec.iam) before and after, as sets, so the plan names exactly what is lost and
// gained ("loses access to secret payments/stripe") and never a grant that merely moved in
// its list. Only for an identity both sides have; a deleted identity is a deleted role.
// Tested by tests/cli/plan_risks_test.cpp and the risk oracle of the differential test.
#pragma once

#include "plan/risk_inputs.h"

namespace infrac {

void add_access_risks(TargetPlan& tp, const RiskInputs& in);

}  // namespace infrac
