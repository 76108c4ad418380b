// Policy findings (and input diagnostics) in every format `infrac check --format` offers:
// text (the diagnostic layout with the source line and a caret), json (cli.md), sarif
// (2.1.0 for GitHub code scanning), github (workflow-command annotations plus a job-summary
// section), junit. Pure functions of the findings: the same run prints the same bytes.
// Tested by tests/cli/policy_cli_test.cpp and tests/cli/commands_test.cpp; SARIF is
// validated against the vendored 2.1.0 schema by tests/tooling/sarif.test.mjs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "policy/policy.h"
#include "report/diagnostic_render.h"

namespace infrac {

std::string finding_text(const Finding& finding, const SourceFiles& files,
                         const TextStyle& style = {});
nlohmann::ordered_json finding_json(const Finding& finding, const SourceFiles& files);

nlohmann::ordered_json sarif_report(const std::vector<Diagnostic>& diagnostics,
                                    const std::vector<Finding>& findings, const PolicySet& policies,
                                    const SourceFiles& files);

struct GithubReport {
  std::string annotations;  // workflow commands for stdout
  std::string summary;      // Markdown for $GITHUB_STEP_SUMMARY
};
// At most 10 error and 10 warning annotations (GitHub keeps no more per step); every finding
// is in the summary.
GithubReport github_report(const std::vector<Diagnostic>& diagnostics,
                           const std::vector<Finding>& findings, const SourceFiles& files);

std::string junit_report(const std::vector<Diagnostic>& diagnostics,
                         const std::vector<Finding>& findings, const SourceFiles& files);

// Workflow-command escaping (actions/toolkit): data escapes % CR LF; properties also : and ,.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

}  // namespace infrac
