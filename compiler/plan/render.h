// Plans for people and machines: text (a terminal diff, colour unless NO_COLOR), json
// (cli.md), and markdown (the pull-request comment: a summary table per environment, danger
// first, one collapsible section per target with its diff and policy findings, a Mermaid
// graph of changed wiring, a hidden marker so later runs update the same comment, and never
// more than GitHub's 65,536 characters). Masks (INFRAC_MASKS) apply to every renderer.
// Tested by tests/unit/plan_diff_test.cpp and tests/cli/plan_test.cpp (golden markdown).
#pragma once

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
std::string apply_masks(std::string text, const std::string& masks);
// Why `masks` cannot be applied (an item of another form, a pattern RE2 rejects), or empty.
// A mask that cannot apply would let the value it should hide through: callers refuse to run.
std::string check_masks(const std::string& masks);

}  // namespace infrac
