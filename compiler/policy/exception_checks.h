// Exceptions checked against the project they waive in: the owner is one of spec.teams, every
// service and target exists (with did-you-mean), and, after a run that evaluated every target,
// an exception that waived nothing is a warning, as an unused `nolint` is.
// Tested by the invalid-spec corpus (tests/corpus/invalid) and tests/cli/strict_input_test.cpp.
#pragma once

#include <vector>

#include "base/diagnostic.h"
#include "policy/policy.h"
#include "resolve/model.h"

namespace infrac {

// E0211 for an owner, service or target the project does not have.
void check_exception_scope(const PolicySet& policies, const Model& model, Diagnostics& diagnostics);

// E0212 for each valid, unexpired exception no finding was waived by. Only meaningful when
// `findings` come from every target of the project.
void report_unused_exceptions(const PolicySet& policies, const std::vector<Finding>& findings,
                              Diagnostics& diagnostics);

}  // namespace infrac
