// Plans for people and machines: text (a terminal diff, colour unless NO_COLOR), json
// (cli.md), and markdown (the pull-request comment: a summary table per environment, danger
// first, one collapsible section per target with its diff and policy findings, a Mermaid
// graph of changed wiring, a hidden marker so later runs update the same comment, and never
// more than GitHub's 65,536 characters). Masks (INFRAC_MASKS) apply to every renderer.
// Tested by tests/unit/plan_diff_test.cpp and tests/cli/plan_test.cpp (golden markdown).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "base/source_files.h"
#include "plan/plan.h"

namespace infrac {

struct PlanRenderOptions {
  bool all = false;  // list unchanged targets too
  bool color = false;
  std::size_t max_comment = 65536;
  std::string marker_target = "all";  // which target set this comment covers
  // Links to spec lines: "https://github.com/OWNER/REPO/blob/SHA/" (from GITHUB_SERVER_URL,
  // GITHUB_REPOSITORY and GITHUB_SHA); empty: locations as text.
  std::string link_base;
};

std::string plan_text(const Plan& plan, const SourceFiles& files, const PlanRenderOptions& options);
nlohmann::ordered_json plan_json(const Plan& plan, const SourceFiles& files,
                                 const PlanRenderOptions& options);

struct Markdown {
  std::string comment;   // <= max_comment characters
  std::string full;      // everything, for the job summary and the artifact
  std::string degraded;  // what was left out of the comment, or empty
};
Markdown plan_markdown(const Plan& plan, const SourceFiles& files,
                       const PlanRenderOptions& options);

// INFRAC_MASKS="env:NAME,regexp:RE": every value of NAME and every match of RE becomes ***.
// The driver resolves the specification once (env: items read through `lookup_env`, the
// host's environment, so the renderers never read the environment) and masks the plan's values
// before anything is rendered or hashed: a comment's digests are computed over masked values.
struct Masks {
  std::vector<std::string> values;    // literal secrets (env:NAME's value)
  std::vector<std::string> patterns;  // RE2 patterns (regexp:RE)
};
Masks resolve_masks(const std::string& spec,
                    const std::function<const char*(const char*)>& lookup_env);
std::string apply_masks(std::string text, const Masks& masks);
// Every string of the plan a renderer prints: risks, reasons, attribute values, text diffs,
// findings' messages.
void mask_plan(Plan& plan, const Masks& masks);
// Why `masks` cannot be applied (an item of another form, a pattern RE2 rejects), or empty.
// A mask that cannot apply would let the value it should hide through: callers refuse to run.
std::string check_masks(const std::string& masks);

}  // namespace infrac
