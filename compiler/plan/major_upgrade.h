// A datastore whose engine changes major version (PostgreSQL 16 -> 17, Redis 6 -> 7): what
// Terraform and the cloud will do at apply, and what to prepare, in the plan's words. Without
// the datastore's `major_upgrade: true` the change is refused (risk level "blocked", which
// fails `infrac plan` and `infrac ci bundle`): RDS would fail the apply, and the Google
// provider would upgrade Cloud SQL in place with no further question.
// Tested by tests/cli/adoption_test.cpp.
#pragma once

#include <string>

#include "plan/plan.h"
#include "resolve/model.h"

namespace infrac {

// The leading number of an engine version: "16.4" -> "16", "POSTGRES_17" -> "17",
// "REDIS_7_0" -> "7"; empty when there is none.
std::string major_of(const std::string& version);

// Adds the risk for a Terraform change `c` of target `tp` when it changes a datastore's major
// version, updated in place or moved from its old name; `head` is the head's target (null when
// removed).
void major_upgrade_risk(TargetPlan& tp, const Change& c, const Target* head);

}  // namespace infrac
