// `infrac plan --base REF [--head REF]` and `infrac ci targets --base REF`: export the refs,
// compile both sides (pipeline/plan_sides.h), diff them (plan/diff.h) and print or post.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "base/fs.h"
#include "deliver/apply_steps.h"
#include "driver/cli_host.h"
#include "driver/commands.h"
#include "driver/plan_run.h"
#include "ir/output_layout.h"
#include "pipeline/plan_policy.h"
#include "pipeline/plan_sides.h"
#include "plan/git_tree.h"
#include "plan/render.h"
#include "plan/terraform_plan.h"
#include "report/diagnostic_render.h"
#include "report/github_comment.h"
#include "spec/repository.h"

namespace infrac {
namespace {

// `--terraform-plan FILE...`: Terraform's own plans; inside a repository, its terraform-subject
// policies judge the planned values (the findings go into the plan's targets).
std::optional<Plan> read_plan_files(const CommonOptions& options, const PlanOptions& plan_options,
                                    Side& head, Io io) {
  std::vector<TerraformPlanInput> inputs;
  for (const auto& path : plan_options.terraform_plans) {
    ReadResult r = read_text_file(path, 256u << 20);
    if (!r.text) {
      io.err << "infrac: error: " << path << ": " << (r.too_large ? "larger than 256 MiB" : r.error)
             << "\n";
      return std::nullopt;
    }
    inputs.push_back({std::filesystem::path(path).filename().string(), std::move(*r.text)});
  }
  Plan plan;
  std::string error = read_terraform_plans(inputs, plan);
  if (!error.empty()) {
    io.err << "infrac: error: " << error << "\n";
    return std::nullopt;
  }
  auto root = repository_root(options.root);
  if (!root) return plan;
  head.compilation = judge_planned_resources(
      cli_host(), *root, options.envs.empty() ? "" : options.envs.front(), plan);
  return plan;
}

// Links to spec lines on GitHub when the run knows the commit.
std::string link_base_from_env() {
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repository = std::getenv("GITHUB_REPOSITORY");
  const char* sha = std::getenv("GITHUB_SHA");
  if (server && *server && repository && *repository && sha && *sha)
    return std::string(server) + "/" + repository + "/blob/" + sha + "/";
  return {};
}

std::string masks_from_env() {
  std::string masks = std::getenv("INFRAC_MASKS") ? std::getenv("INFRAC_MASKS") : "";
  // The token is a secret wherever it might surface.
  if (const char* token = std::getenv("GITHUB_TOKEN"); token && *token) {
    masks += std::string(masks.empty() ? "" : ",") + "env:GITHUB_TOKEN";
  }
  return masks;
}

// The whole plan into the job summary, cut at a line within GitHub's 1 MiB step-summary limit.
void append_step_summary(std::string full) {
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!summary || !*summary) return;
  if (full.size() > (1u << 20) - 1024) {
    std::size_t cut = full.rfind('\n', (1u << 20) - 1024);
    full = full.substr(0, cut) +
           "\n\n> Truncated at GitHub's 1 MiB step-summary limit; see the plan artifact.\n";
  }
  std::ofstream f(summary, std::ios::app);
  f << full;
}

// The pull request: --pr, or the event that started the workflow.
long pull_request_number(const PlanOptions& plan_options) {
  if (plan_options.pr) return plan_options.pr;
  const char* event = std::getenv("GITHUB_EVENT_PATH");
  if (!event || !*event) return 0;
  ReadResult r = read_text_file(event, 16u << 20);
  auto j = r.text ? nlohmann::json::parse(*r.text, nullptr, false) : nlohmann::json();
  long number = 0;
  if (j.is_object() && j.contains("pull_request")) number = j["pull_request"].value("number", 0L);
  if (!number && j.is_object()) number = j.value("number", 0L);
  return number;
}

// `--post github`: one comment per pull request, updated in place; false when posting failed.
bool post_to_github(const Markdown& md, const Masks& masks, const PlanOptions& plan_options,
                    bool quiet, Io io) {
  std::string comment = apply_masks(md.comment, masks);
  append_step_summary(apply_masks(md.full, masks));
  GithubTarget target;
  if (const char* api = std::getenv("GITHUB_API_URL"); api && *api) target.api_url = api;
  if (const char* repo = std::getenv("GITHUB_REPOSITORY")) target.repository = repo;
  if (const char* token = std::getenv("GITHUB_TOKEN")) target.token = token;
  target.pull_request = pull_request_number(plan_options);
  std::string marker = comment.substr(0, comment.find('\n'));
  PostResult result = post_plan_comment(target, comment, marker);
  // Created, updated or unchanged is progress (-q hides it); a comment not posted is not.
  bool posted = result.outcome != PostOutcome::Failed && result.outcome != PostOutcome::Forbidden;
  if (!quiet || !posted) io.err << "infrac: " << apply_masks(result.message, masks) << "\n";
  if (result.outcome == PostOutcome::Forbidden) {
    io.err << "infrac: the token may not comment here (a pull request from a fork?); the plan is "
              "in the job summary\n";
  }
  return result.outcome != PostOutcome::Failed;
}

// What holds the plan at `fail_on` or above, one line each ("danger: ..."), in plan order.
// `--fail-on LEVEL` reads the plan's risks and the head's policy findings on one scale,
// RiskLevel's order (warning < danger < blocked). A finding of an error rule blocks, wherever
// it is (as it fails the plan without the gate); one of a warning rule warns when its target
// changes (the gate judges the change, not what was there before). Waived findings count for
// nothing.
std::vector<std::string> gate_reasons(const Plan& plan, const std::vector<Finding>& findings,
                                      const std::string& fail_on) {
  RiskLevel threshold = risk_level_named(fail_on).value_or(RiskLevel::Warning);
  std::vector<std::string> reasons;
  auto risk = [&](const Risk& r) {
    if (r.level >= threshold)
      reasons.push_back(std::string(risk_level_name(r.level)) + ": " + r.message);
  };
  std::set<std::string> changed;
  for (const auto& r : plan.risks) risk(r);
  for (const auto& t : plan.targets) {
    for (const auto& r : t.risks) risk(r);
    if (t.status != TargetStatus::Unchanged) changed.insert(t.target);
  }
  for (const auto& f : findings) {
    if (f.waived || !f.rule) continue;
    bool blocks = f.rule->severity == Severity::Error;
    if (!blocks && !changed.count(f.target)) continue;
    RiskLevel level = blocks ? RiskLevel::Blocked : RiskLevel::Warning;
    if (level < threshold) continue;
    reasons.push_back(std::string(risk_level_name(level)) + ": policy " + f.rule->id +
                      (f.target.empty() ? "" : " in " + f.target) + ": " + f.message);
  }
  return reasons;
}

}  // namespace

int cmd_plan(const CommonOptions& options, const PlanOptions& plan_options, Io io) {
  // Before any work: a mask that cannot apply would print the secret it should hide.
  if (std::string problem = check_masks(masks_from_env()); !problem.empty()) {
    io.err << "infrac: error: INFRAC_MASKS: " << problem << "\n";
    return kExitUsage;
  }
  Side base, head;
  bool from_terraform = !plan_options.terraform_plans.empty();
  bool usage_error = false;
  std::optional<Plan> plan =
      from_terraform
          ? read_plan_files(options, plan_options, head, io)
          : make_plan(options, plan_options.base, plan_options.head, base, head, usage_error, io);
  if (!plan) return usage_error ? kExitUsage : kExitFailure;
  // --terraform-plan findings live in the plan, not in a compilation.
  bool plan_findings = from_terraform && head.compilation && head.compilation->model;
  static const SourceFiles no_files;
  const SourceFiles& files = head.compilation ? head.compilation->files : no_files;
  PlanRenderOptions render;
  render.all = plan_options.all;
  render.color = io.out_color;  // only the text plan paints, on stdout
  render.link_base = link_base_from_env();
  // Masked once, before anything is rendered or hashed; the rendered texts are masked again
  // (a value may surface in text the plan did not hold, such as a GitHub API message).
  Masks masks = resolve_masks(masks_from_env(), [](const char* name) { return std::getenv(name); });
  mask_plan(*plan, masks);
  if (plan_options.post == "github") {
    if (!post_to_github(plan_markdown(*plan, files, render), masks, plan_options, options.quiet,
                        io))
      return kExitFailure;
  } else if (options.format == "json") {
    io.out << apply_masks(plan_json(*plan, files, render).dump(2), masks) << "\n";
  } else if (options.format == "markdown") {
    Markdown md = plan_markdown(*plan, files, render);
    io.out << apply_masks(md.comment, masks);
    if (!plan_options.full_output.empty()) {
      std::string error =
          write_file_atomically(plan_options.full_output, apply_masks(md.full, masks));
      if (!error.empty()) {
        io.err << "infrac: error: cannot write " << plan_options.full_output << ": " << error
               << "\n";
        return kExitFailure;
      }
    }
    append_step_summary(apply_masks(md.full, masks));
  } else {
    // The plan is the result: stdout, as json and markdown (`plan --base main > plan.txt`).
    io.out << apply_masks(plan_text(*plan, files, render), masks);
  }
  bool changes = false;
  for (const auto& t : plan->targets) changes = changes || t.status != TargetStatus::Unchanged;
  FindingCounts counts =
      head.compilation ? count_findings(head.compilation->findings) : FindingCounts{};
  if (plan_findings) {
    for (const auto& t : plan->targets) counts.errors += count_findings(t.violations).errors;
  }
  // A blocked change (a major upgrade the spec did not opt into) fails like an error finding.
  for (const auto& t : plan->targets) {
    for (const auto& r : t.risks) counts.errors += r.level == RiskLevel::Blocked ? 1 : 0;
  }
  // The gate comes before the error: a CI job tells "stopped at review" (3) from "broken" (1).
  if (!plan_options.fail_on.empty()) {
    std::vector<Finding> findings =
        head.compilation ? head.compilation->findings : std::vector<Finding>{};
    if (plan_findings) {
      for (const auto& t : plan->targets)
        findings.insert(findings.end(), t.violations.begin(), t.violations.end());
    }
    auto reasons = gate_reasons(*plan, findings, plan_options.fail_on);
    if (!reasons.empty()) {
      io.err << "infrac: --fail-on " << plan_options.fail_on << ": the plan holds "
             << reasons.size() << (reasons.size() == 1 ? " risk or finding" : " risks or findings")
             << " at " << plan_options.fail_on << " or above (exit " << kExitGate << ")\n";
      for (const auto& r : reasons) io.err << "  " << apply_masks(r, masks) << "\n";
      return kExitGate;
    }
  }
  if (counts.errors) return kExitFailure;
  return plan_options.detailed_exitcode && changes ? kExitUsage : kExitOk;
}

int cmd_ci_targets(const CommonOptions& options, const PlanOptions& plan_options, Io io) {
  Side base, head;
  bool usage_error = false;
  auto plan = make_plan(options, plan_options.base, plan_options.head, base, head, usage_error, io);
  if (!plan) return usage_error ? kExitUsage : kExitFailure;
  std::string out_dir = head.compilation->model->project.output;
  nlohmann::ordered_json j;
  auto targets = nlohmann::ordered_json::array();
  for (const auto& t : plan->targets) {
    if (t.status == TargetStatus::Unchanged) continue;
    if (options.format == "tfaction") {
      targets.push_back({{"target", t.target},
                         {"working_directory", out_dir + "/" + terraform_dir(t.target)},
                         {"environment", t.env},
                         {"job_type", "terraform"},
                         {"destroy", t.status == TargetStatus::Removed}});
      continue;
    }
    // The order `ci apply` follows (deliver/apply_steps.h): a matrix may run one wave at a time.
    Wave wave = target_wave(
        t.status == TargetStatus::Removed ? BundleStatus::Removed : BundleStatus::Changed,
        t.service == kGatewayService, t.service == kPlatformService);
    targets.push_back({{"target", t.target},
                       {"env", t.env},
                       {"service", t.service},
                       {"status", status_name(t.status)},
                       {"wave", static_cast<int>(wave)},
                       {"wave_name", wave_name(wave)},
                       {"terraform_dir", out_dir + "/" + terraform_dir(t.target)},
                       {"kubernetes_dir", out_dir + "/" + kubernetes_dir(t.target)},
                       {"reasons", t.reasons}});
  }
  if (options.format != "tfaction") {
    std::stable_sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) {
      return a["wave"].template get<int>() < b["wave"].template get<int>();
    });
  }
  if (options.format == "tfaction") {
    j["targets"] = std::move(targets);
    j["modules"] = nlohmann::ordered_json::array();
  } else {
    j["version"] = 1;
    j["targets"] = std::move(targets);
  }
  io.out << j.dump() << "\n";
  return kExitOk;
}

}  // namespace infrac
