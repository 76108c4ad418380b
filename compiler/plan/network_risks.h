// Network risks from meaning: what each workload of a target may connect to (egress) and what
// may connect to it (ingress), before and after, evaluated on the final NetworkPolicies
// (patches included) with Kubernetes' semantics (a pod is isolated in a direction once a
// policy of its namespace selects it; rules are a union of peers times ports; ipBlock with
// except) over a finite set of peers: the address ranges between every CIDR boundary either
// side names, a pod of every namespace and label set a selector names, on every port either
// side names and on one port none names. A claim is made
// only when the two sides differ for that destination and port, so "can no longer connect to
// 6379" means 6379 closed, and a host rule removed while another rule keeps 443 open says
// nothing. Each claim cites the spec line of the rule that allowed it: the datastore, the
// dependency or the spec.egress entry, on the side it came from.
// Tested by tests/cli/plan_risks_test.cpp and the risk oracle of the differential test.
#pragma once

#include "plan/risk_inputs.h"

namespace infrac {

void add_network_risks(TargetPlan& tp, const RiskInputs& in);

}  // namespace infrac
