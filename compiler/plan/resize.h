// A running datastore whose size changes in place (spec `size`, `edition`): what the cloud
// does to it and when, in the plan's words. RDS and ElastiCache defer the change to the
// weekly maintenance window of stdlib/clouds/aws.yaml unless the call applies immediately;
// Cloud SQL restarts during the apply; Memorystore scales during the apply.
// Tested by tests/corpus/stages/plan/resize.txtar (AWS) and resize-gcp.txtar.
#pragma once

#include "plan/plan.h"
#include "resolve/model.h"

namespace infrac {

// Adds the risk for a Terraform change `c` of target `tp` when it changes the instance class,
// node type, tier or capacity of a datastore; `head` is the head's target (null when removed).
void resize_risk(TargetPlan& tp, const Change& c, const Target* head);

}  // namespace infrac
