// The subcommands of the infrac binary. Each takes parsed options and two streams and
// returns the process exit code of cli.md; nothing here parses argv (cli.cpp does).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/compile.h"

namespace infrac {

struct Io {
  std::ostream& out;
  std::ostream& err;
  bool color = false;      // on stderr, decided by cli.cpp (TTY, NO_COLOR, --no-color, TERM=dumb)
  bool out_color = false;  // on stdout (results: a text plan), the same rules for its own TTY
};

struct CommonOptions {
  std::string root;  // empty: nearest parent with infrac.yaml
  std::vector<std::string> envs;
  std::vector<std::string> services;
  std::string format = "text";
  bool quiet = false;
  unsigned jobs = 0;
  std::string stop_after;  // a stage name, or empty
  std::string dump;        // a stage name whose result is printed as JSON, or empty
  std::size_t max_errors = 100;
  std::string out;           // build: output directory (default: the project's `output`)
  std::string image_digest;  // build: the built image's digest, with exactly one --service
  std::string image_tag;     // build: replaces every image's tag (CI passes the commit SHA)
  std::vector<std::string> terraform_dirs;  // check: hand-written Terraform to check too
};

// kExitUsage is also `plan --detailed-exitcode`'s "changes" (Terraform's meaning), and
// kExitGate is `plan --fail-on LEVEL`'s "the plan holds something at LEVEL or above".
enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitGate = 3 };

int cmd_check(const CommonOptions& options, Io io);
int cmd_build(const CommonOptions& options, Io io);
struct PlanOptions {
  std::string base, head;  // git refs; head empty: the working tree
  bool all = false, detailed_exitcode = false;
  std::string fail_on;      // warning | danger | blocked: exit 3 when the plan holds that or worse
  std::string full_output;  // markdown: also write the whole plan here
  std::string post;         // "github": post the markdown as the pull request's plan comment
  long pr = 0;              // the pull request (default: from GITHUB_EVENT_PATH)
  std::vector<std::string> terraform_plans;  // render these `terraform show -json` files instead
};
int cmd_plan(const CommonOptions& options, const PlanOptions& plan, Io io);
int cmd_ci_targets(const CommonOptions& options, const PlanOptions& plan, Io io);
// --image-tag: Docker's tag grammar, and not `latest`.
bool pinned_image_tag(const std::string& tag);

// `infrac ci bundle` and `infrac ci apply` (docs/ci.md).
struct DeliveryCliOptions {
  std::string bundle_dir;        // bundle: --out; apply: --bundle
  bool dry_run = false;          // apply: print the steps, run nothing
  std::string max_age = "72h";   // apply: refuse a bundle older than this
  std::string timeout = "10m";   // apply: each rollout and migration wait
  bool skip_kubernetes = false;  // apply: Terraform only (Argo CD syncs the clusters)
};
int cmd_ci_bundle(const CommonOptions& options, const PlanOptions& plan,
                  const DeliveryCliOptions& delivery, Io io);
int cmd_ci_apply(const CommonOptions& options, const PlanOptions& plan,
                 const DeliveryCliOptions& delivery, Io io);

// `infrac logs|exec|status ENV ...` over kubectl (docs/ci.md "Operating a service").
struct OperatorOptions {
  std::string env, service, component;
  std::vector<std::string> command;  // exec: after --
  bool follow = false;               // logs -f
  std::string since;                 // logs --since (a duration)
  int tail = 100;                    // logs --tail
  std::string confirm;               // exec in production: --confirm ENV
};
int cmd_logs(const CommonOptions& options, const OperatorOptions& op, Io io);
int cmd_exec(const CommonOptions& options, const OperatorOptions& op, Io io);
int cmd_status(const CommonOptions& options, const OperatorOptions& op, Io io);
int cmd_policy_test(const CommonOptions& options, Io io);
int cmd_policy_list(const CommonOptions& options, Io io);
int cmd_explain(const CommonOptions& options, const std::string& rule, Io io);
int cmd_graph(const CommonOptions& options, Io io);
int cmd_access(const CommonOptions& options, const std::string& env, const std::string& service,
               Io io);
int cmd_schema(const std::string& which, const std::string& draft, Io io);
int cmd_init(const CommonOptions& options, const std::string& directory,
             const std::string& project_name, Io io);
int cmd_new_service(const CommonOptions& options, const std::string& name, const std::string& team,
                    Io io);
int cmd_version(Io io);
// `infrac import PATH...` (docs/adoption.md "Importing running services").
struct ImportCliOptions {
  std::vector<std::string> paths;
  std::string team;
  bool dry_run = false;
  bool keep_datastores = false;  // in-cluster datastores become services, not managed ones
};
int cmd_import(const CommonOptions& options, const ImportCliOptions& imp, Io io);
struct FmtOptions {
  std::vector<std::string> paths;  // files or directories; default "."
  bool check = false, diff = false;
};
int cmd_fmt(const FmtOptions& options, Io io);

// Shared by commands that compile: resolves --root, runs the pipeline, prints diagnostics
// (text on stderr, or collected for JSON). Returns nothing on a usage problem (already
// reported, exit 2).
struct CompileRun {
  std::unique_ptr<Compilation> compilation;
  std::vector<Diagnostic> diagnostics;  // sorted
  std::size_t errors = 0, warnings = 0;
};
// `adjust` may set what the command line does not (a build's sink and target selection).
std::optional<CompileRun> run_compile(const CommonOptions& options, Stage stop_after, Io io,
                                      const std::function<void(CompileOptions&)>& adjust = {});
// Sorts and counts the compilation's diagnostics into the run (again after a later pass).
void collect_diagnostics(CompileRun& run);
void print_diagnostics_text(const CompileRun& run, const CommonOptions& options, Io io);

struct FindingCounts {
  std::size_t errors = 0, warnings = 0, waived = 0;
};
FindingCounts count_findings(const std::vector<Finding>& findings);
// As the text output shows them: one per finding printed once for several targets.
FindingCounts count_printed_findings(const std::vector<Finding>& findings);
// Findings as text on stderr (errors only with -q), after the diagnostics.
void print_findings_text(const std::vector<Finding>& findings, const SourceFiles& files,
                         const CommonOptions& options, Io io);

// `infrac inventory DIR...`: the resource inventory as text or JSON.
int cmd_inventory(const CommonOptions& options, const std::vector<std::string>& dirs, Io io);

// `infrac __complete envs|services`: the names a shell completes, one a line, read from
// infrac.yaml and services/ without compiling; nothing (exit 1) outside a repository.
int cmd_complete_names(const std::string& what, const std::string& root, Io io);
// `infrac __man DIR`: infrac.1 and infrac-COMMAND.1 for every command (the package's pages).
struct CliCommand;
int cmd_man_pages(const CliCommand& root, const std::string& dir, Io io);

int run_cli(int argc, const char* const* argv, Io io);
// The version of the argument parser (CLI11), which only cli.cpp includes.
const char* cli_parser_version();

}  // namespace infrac
