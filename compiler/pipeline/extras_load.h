// The extras pass: each service's own Terraform files (services/<name>/terraform/*.tf) and
// Kubernetes patches (services/<name>/patches/*.yaml), read once through the run's limits,
// added to the source files so diagnostics point into them, checked for syntax (E0301 at the
// first error; a .tf file must be valid HCL, a patch valid YAML), and named on every target of
// their service so the escape.* policy rules see them. Lowering applies what this returns.
// Tested by tests/cli/escape_test.cpp.
#pragma once

#include <filesystem>

#include "base/diagnostic.h"
#include "base/inputs.h"
#include "base/source_files.h"
#include "lower/lower.h"
#include "resolve/model.h"
#include "spec/yaml_loader.h"

namespace infrac {

ExtrasByService load_service_extras(Model& model, Inputs& inputs,
                                    const YamlLimits& limits, SourceFiles& files,
                                    Diagnostics& diagnostics);

}  // namespace infrac
