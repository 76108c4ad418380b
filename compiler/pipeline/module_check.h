// The module-call pass: every module call of a generated root module is checked against the
// called module's interface, read from the module's own .tf files (hcl/module_interface.h):
// only declared variables (with a did-you-mean), every required variable, literal values of
// the declared type, and only existing outputs referenced (E0132 at the spec value behind
// the argument). Runs on each target's IR right after lowering, and on the gateways'.
// Tested by tests/cli/gcp_test.cpp (E0132 at the spec line of a repository module's call).
#pragma once

#include "base/diagnostic.h"
#include "hcl/module_interface.h"
#include "ir/terraform_ir.h"

namespace infrac {

void check_module_calls(const TfModule& module, const ModuleInterfaces& interfaces,
                        Diagnostics& diagnostics);

}  // namespace infrac
