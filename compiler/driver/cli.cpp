// argv -> a subcommand. The only file that includes CLI11. Exit codes follow cli.md:
// usage problems are 2, whatever the subcommand.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>

#include "base/did_you_mean.h"
#include "driver/commands.h"

namespace infrac {
namespace {

// What CLI11 would answer "A subcommand is required" to: `infrac help [COMMAND]`,
// `infrac --version`, and a misspelt command (named, with the nearest, exit 2).
// Returns an exit code when it answered, nothing when the parser should run.
std::optional<int> answer_before_parsing(CLI::App& app, int argc, const char* const* argv, Io io) {
  if (argc < 2) return std::nullopt;
  std::string first = argv[1];
  if (first == "--version" || first == "-V") return cmd_version(io);
  std::vector<std::string_view> names;
  CLI::App* topic = &app;
  for (CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
    if (argc > 2 && sub->get_name() == argv[2]) topic = sub;
  }
  if (first == "help") {
    if (argc > 2 && topic == &app) {
      io.err << "infrac: error: no command '" << argv[2] << "'\n";
      return kExitUsage;
    }
    io.out << topic->help();
    return kExitOk;
  }
  if (first.empty() || first[0] == '-') return std::nullopt;
  if (std::find(names.begin(), names.end(), first) != names.end()) return std::nullopt;
  io.err << "infrac: error: unknown command '" << first << "'\n";
  std::string hint = did_you_mean(first, names);
  std::string all;
  for (auto n : names) all += (all.empty() ? "" : ", ") + std::string(n);
  io.err << "help: " << (hint.empty() ? "" : hint + " ") << "commands: " << all
         << " (infrac help COMMAND)\n";
  return kExitUsage;
}

}  // namespace

int run_cli(int argc, const char* const* argv, Io io) {
  CLI::App app{
      "infrac: compile service specs into Terraform root modules and Kubernetes "
      "manifests, checked against your platform's policies"};
  app.name("infrac");
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "help for every command");
  app.set_version_flag("-V,--version", std::string("infrac ") + INFRAC_VERSION);
  // Flags every command takes: a subcommand passes what it does not know to here.
  app.fallthrough();

  CommonOptions common;
  bool no_color = false;
  app.add_flag("--no-color", no_color, "no colour (also NO_COLOR)");
  app.add_flag("-q,--quiet", common.quiet, "errors only");
  auto add_common = [&](CLI::App* sub, const std::string& formats) {
    sub->add_option("--root", common.root, "repository root (default: nearest infrac.yaml)");
    sub->add_option("--env", common.envs, "only this environment (repeatable)");
    sub->add_option("--service", common.services, "only this service (repeatable)");
    sub->add_option("--format", common.format, "output format: " + formats);
    sub->add_flag("--no-color", no_color, "no colour (also NO_COLOR)");
    sub->add_flag("-q,--quiet", common.quiet, "errors only");
    sub->add_option("-j,--jobs", common.jobs, "threads (default: one per core)");
    sub->add_option("--max-errors", common.max_errors, "diagnostics shown at most (default 100)");
  };

  CLI::App* check = app.add_subcommand(
      "check", "check specs, policies and hand-written Terraform without writing");
  add_common(check, "text|json|sarif|github|junit");
  check
      ->add_option("--terraform", common.terraform_dirs,
                   "also check hand-written Terraform under DIR (repeatable; recursive)")
      ->type_name("DIR");
  check->add_option("--stop-after", common.stop_after,
                    "stop after a pipeline stage (load, resolve, lower, policy)");
  check->add_option("--dump", common.dump, "print the result of a stage as JSON (resolve)");

  CLI::App* build = app.add_subcommand("build", "compile every target and write the outputs");
  add_common(build, "text|json");
  build->add_option("--out", common.out, "output directory (default: the project's output)");
  build->add_option("--image-tag", common.image_tag,
                    "deploy this tag of every image not pinned by digest (e.g. the commit SHA)");

  CLI::App* graph = app.add_subcommand("graph", "the service dependency graph");
  common.format = "mermaid";
  add_common(graph, "mermaid|dot|json");

  std::string schema_kind, draft = "2020-12";
  CLI::App* schema = app.add_subcommand("schema", "JSON Schema of infrac.yaml and service.yaml");
  schema->add_option("kind", schema_kind, "service or project (default: one schema for both)");
  schema->add_option("--draft", draft, "2020-12 (default) or 7 (for yaml-language-server)");

  std::string init_dir, init_name;
  CLI::App* init = app.add_subcommand("init", "create infrac.yaml and a first service");
  init->add_option("dir", init_dir, "directory (default: the current one)");
  init->add_option("--name", init_name, "project name (default: the directory's name)");

  std::string new_kind, new_name, new_team;
  CLI::App* create = app.add_subcommand("new", "create a service from the template");
  create->add_option("what", new_kind, "service")->required()->check(CLI::IsMember({"service"}));
  create->add_option("name", new_name, "the service name (a DNS label)")->required();
  create->add_option("--team", new_team, "owning team (default: platform)");
  create->add_option("--root", common.root, "repository root (default: nearest infrac.yaml)");

  CLI::App* version = app.add_subcommand("version", "infrac's version and its libraries'");

  std::vector<std::string> inventory_dirs;
  CLI::App* inventory = app.add_subcommand(
      "inventory", "the resources, data sources, modules and providers of .tf files");
  add_common(inventory, "text|json");
  inventory->add_option("dirs", inventory_dirs, "directories or .tf files (recursive)")->required();

  FmtOptions fmt_options;
  CLI::App* fmt =
      app.add_subcommand("fmt", "rewrite .tf files in canonical form (terraform fmt's rules)");
  fmt->add_option("paths", fmt_options.paths, "files or directories (default: .; recursive)");
  fmt->add_flag("--check", fmt_options.check, "write nothing; fail when a file is not canonical");
  fmt->add_flag("--diff", fmt_options.diff, "print the changes as unified diffs");

  PlanOptions plan_options;
  CLI::App* plan =
      app.add_subcommand("plan", "compile base and head, and show what changes per target");
  add_common(plan, "text|json|markdown");
  plan->add_option("--base", plan_options.base, "git ref of the base (e.g. origin/main)");
  plan->add_option("--terraform-plan", plan_options.terraform_plans,
                   "render `terraform show -json` plan files");
  plan->add_option("--head", plan_options.head, "git ref of the head (default: the working tree)");
  plan->add_flag("--all", plan_options.all, "list unchanged targets too");
  plan->add_flag("--detailed-exitcode", plan_options.detailed_exitcode,
                 "exit 2 when there are changes");
  plan->add_option("--full-output", plan_options.full_output,
                   "markdown: also write the whole plan to FILE");
  plan->add_option("--post", plan_options.post,
                   "github: post (or update) the plan comment on the pull request")
      ->check(CLI::IsMember({"github"}));
  plan->add_option("--pr", plan_options.pr,
                   "pull request number (default: from GITHUB_EVENT_PATH)");

  CLI::App* ci = app.add_subcommand("ci", "CI helpers");
  ci->require_subcommand(1);
  CLI::App* ci_targets =
      ci->add_subcommand("targets", "the targets whose output changes, for a CI matrix");
  add_common(ci_targets, "json|tfaction");
  ci_targets->add_option("--base", plan_options.base, "git ref of the base")->required();
  ci_targets->add_option("--head", plan_options.head,
                         "git ref of the head (default: the working tree)");

  CLI::App* policy = app.add_subcommand("policy", "policy packs: run their test cases, list rules");
  policy->require_subcommand(1);
  std::string policy_dir;
  CLI::App* policy_test =
      policy->add_subcommand("test", "run the packs' own test cases, report rule coverage");
  policy_test->add_option("dir", policy_dir,
                          "repository (default: nearest infrac.yaml; none: built-in packs)");
  policy_test->add_flag("-q,--quiet", common.quiet, "failures and the summary only");
  policy_test->add_option("--root", common.root, "repository root (as dir)");
  CLI::App* policy_list = policy->add_subcommand("list", "every rule the project's packs define");
  policy_list->add_option("dir", policy_dir, "repository (default: nearest infrac.yaml)");
  policy_list->add_option("--root", common.root, "repository root (as dir)");

  std::string explain_rule;
  CLI::App* explain =
      app.add_subcommand("explain", "a rule or diagnostic code: why, how to fix, how to waive");
  explain
      ->add_option("what", explain_rule,
                   "a rule id (datastore.approved) or a diagnostic code (E0141)")
      ->required();
  explain->add_option("--root", common.root, "repository root (default: nearest infrac.yaml)");

  if (auto answered = answer_before_parsing(app, argc, argv, io)) return *answered;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, io.out, io.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (no_color) io.color = false;

  if (check->parsed()) {
    if (common.format == "mermaid") common.format = "text";
    static const std::vector<std::string> formats = {"text", "json", "sarif", "github", "junit"};
    if (std::find(formats.begin(), formats.end(), common.format) == formats.end()) {
      io.err << "infrac: error: --format " << common.format
             << ": expected text, json, sarif, github or junit\n";
      return kExitUsage;
    }
    return cmd_check(common, io);
  }
  if (build->parsed()) {
    if (common.format == "mermaid") common.format = "text";
    if (common.format != "text" && common.format != "json") {
      io.err << "infrac: error: --format " << common.format << ": expected text or json\n";
      return kExitUsage;
    }
    return cmd_build(common, io);
  }
  if (plan->parsed()) {
    if (common.format == "mermaid") common.format = "text";
    if (common.format != "text" && common.format != "json" && common.format != "markdown") {
      io.err << "infrac: error: --format " << common.format
             << ": expected text, json or markdown\n";
      return kExitUsage;
    }
    if (plan_options.base.empty() == plan_options.terraform_plans.empty()) {
      io.err << "infrac: error: plan needs --base REF or --terraform-plan FILE...\n";
      return kExitUsage;
    }
    return cmd_plan(common, plan_options, io);
  }
  if (ci_targets->parsed()) {
    if (common.format == "mermaid" || common.format == "text") common.format = "json";
    if (common.format != "json" && common.format != "tfaction") {
      io.err << "infrac: error: --format " << common.format << ": expected json or tfaction\n";
      return kExitUsage;
    }
    return cmd_ci_targets(common, plan_options, io);
  }
  if (graph->parsed()) return cmd_graph(common, io);
  if (schema->parsed()) return cmd_schema(schema_kind, draft, io);
  if (init->parsed()) return cmd_init(init_dir, init_name, io);
  if (create->parsed()) return cmd_new_service(common, new_name, new_team, io);
  if (version->parsed()) return cmd_version(io);
  if (fmt->parsed()) return cmd_fmt(fmt_options, io);
  if (inventory->parsed()) {
    if (common.format == "mermaid") common.format = "text";
    return cmd_inventory(common, inventory_dirs, io);
  }
  if (!policy_dir.empty()) common.root = policy_dir;
  if (policy_test->parsed()) return cmd_policy_test(common, io);
  if (policy_list->parsed()) return cmd_policy_list(common, io);
  if (explain->parsed()) return cmd_explain(common, explain_rule, io);
  return kExitUsage;
}

}  // namespace infrac
