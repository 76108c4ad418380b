// Rule paths checked against what their subject has (E0210 at the failing segment, with the
// nearest name), so a misspelt path cannot silently never fire, or fire on everything:
//  - service rules: every path against the service subject's shape (subject_shape.h);
//  - `$name` paths of any rule: against the context shape;
//  - kubernetes rules: the first segment against the top-level fields of the objects infrac
//    writes, and `pod.X` against the PodSpec's fields;
//  - terraform rules whose kinds are all infrac modules of the project's cloud (in `check`; of
//    either cloud in `policy test`): `args.X` against the variables of those modules. A
//    resource kind such as aws_db_instance has no schema here, so a rule naming one is read
//    as written.
// Tested by the policy corpus (tests/corpus/policy/path-*.txtar).
#pragma once

#include <functional>

#include "base/diagnostic.h"
#include "hcl/module_interface.h"
#include "policy/policy.h"

namespace infrac {

// At load: service, context and kubernetes paths. False when one is reported.
bool check_rule_paths(const Rule& rule, Diagnostics& diagnostics);

// After the project's modules are known: the `args.X` of terraform rules. `interfaces_of`
// gives the module interfaces of a cloud ("aws", "gcp").
void check_module_rule_paths(
    const PolicySet& policies,
    const std::function<const ModuleInterfaces&(const std::string& cloud)>& interfaces_of,
    Diagnostics& diagnostics);

}  // namespace infrac
