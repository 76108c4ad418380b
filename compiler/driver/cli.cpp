// argv -> a subcommand, and the command line as data (cli_model.h) for completion and man
// pages. The only file that includes CLI11. Exit codes follow cli.md:
// usage problems are 2, whatever the subcommand.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <optional>

#include "base/did_you_mean.h"
#include "driver/cli_model.h"
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
  std::vector<std::string_view> names;  // shown and suggested: hidden commands are not
  bool known = false;
  CLI::App* topic = &app;
  for (CLI::App* sub : app.get_subcommands({})) {
    known = known || sub->get_name() == first;
    if (sub->get_group().empty()) continue;
    names.push_back(sub->get_name());
    if (argc > 2 && sub->get_name() == argv[2]) topic = sub;
  }
  // A command that is not one: named, with the nearest and the list, exit 2.
  auto unknown = [&](const std::string& word, const char* what) {
    io.err << "infrac: error: " << what << " '" << word << "'\n";
    std::string hint = did_you_mean(word, names);
    std::string all;
    for (auto n : names) all += (all.empty() ? "" : ", ") + std::string(n);
    io.err << "help: " << (hint.empty() ? "" : hint + " ") << "commands: " << all
           << " (infrac help COMMAND)\n";
    return kExitUsage;
  };
  if (first == "help") {
    if (argc > 2 && topic == &app) return unknown(argv[2], "no command");
    io.out << topic->help();
    return kExitOk;
  }
  if (first.empty() || first[0] == '-') return std::nullopt;
  if (known) return std::nullopt;
  return unknown(first, "unknown command");
}

// The deepest command the parser entered (`ci targets`), or the app itself.
CLI::App* innermost_parsed(CLI::App* app) {
  for (CLI::App* sub : app->get_subcommands({})) {
    if (sub->parsed()) return innermost_parsed(sub);
  }
  return app;
}

// An option no command takes (`--fromat json`): named with its command and the nearest option
// of that command or of infrac itself, exit 2. Nothing when no unknown word is an option.
std::optional<int> answer_unknown_option(CLI::App& app, Io io) {
  std::string word;
  for (const auto& w : app.remaining(true)) {
    if (w.size() > 1 && w[0] == '-' && w != "--") {
      word = w.substr(0, w.find('='));
      break;
    }
  }
  if (word.empty()) return std::nullopt;
  CLI::App* command = innermost_parsed(&app);
  std::vector<std::string> names;
  for (CLI::App* a = command; a; a = a->get_parent()) {
    for (const CLI::Option* o : a->get_options()) {
      for (const auto& n : o->get_lnames()) names.push_back("--" + n);
      for (const auto& n : o->get_snames()) names.push_back("-" + n);
    }
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string path;
  for (CLI::App* a = command; a && a->get_parent(); a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  io.err << "infrac: error: " << (path.empty() ? "infrac" : path) << " has no option '" << word
         << "'\n";
  // A one-letter flag is near every other one: no guess for it.
  std::string hint = word.size() > 2 ? did_you_mean(word, candidates) : "";
  io.err << "help: " << (hint.empty() ? "" : hint + " ") << "`infrac "
         << (path.empty() ? "" : path + " ") << "--help` lists its options\n";
  return kExitUsage;
}

// Every option of every command, and the commands, in one place that outlives parsing.
struct Cli {
  CLI::App app{
      "infrac: compile service specs into Terraform root modules and Kubernetes "
      "manifests, checked against your platform's policies"};
  CommonOptions common;
  bool no_color = false;
  std::string schema_kind, draft = "2020-12", init_dir, init_name, new_kind, new_name, new_team;
  std::string policy_dir, explain_what;
  std::vector<std::string> inventory_dirs;
  ImportCliOptions import_options;
  FmtOptions fmt_options;
  PlanOptions plan_options;
  DeliveryCliOptions delivery;
  OperatorOptions operate;
  CLI::App *ci_bundle = nullptr, *ci_apply = nullptr, *logs = nullptr, *exec = nullptr,
           *status = nullptr;
  CLI::App *check = nullptr, *build = nullptr, *graph = nullptr, *schema = nullptr, *init = nullptr,
           *create = nullptr, *version = nullptr, *inventory = nullptr, *fmt = nullptr,
           *plan = nullptr, *ci_targets = nullptr, *policy_test = nullptr, *policy_list = nullptr,
           *explain = nullptr, *import_cmd = nullptr, *access = nullptr;
  std::string access_env, access_service;
  std::string completion_shell, complete_what, man_dir;
  CLI::App *completion = nullptr, *complete = nullptr, *man = nullptr;
  // The words --format and other closed options accept, kept for dispatch and completion.
  std::map<const CLI::App*, std::vector<std::string>> formats;
  std::map<const CLI::Option*, std::vector<std::string>> choices;

  CLI::Option* one_of(CLI::Option* option, std::vector<std::string> words) {
    option->check(CLI::IsMember(words));
    choices[option] = std::move(words);
    return option;
  }
  void add_format(CLI::App* sub, std::vector<std::string> words) {
    std::string listed;
    for (const auto& w : words) listed += (listed.empty() ? "" : "|") + w;
    sub->add_option("--format", common.format, "output format: " + listed);
    formats[sub] = std::move(words);
  }
  void add_common(CLI::App* sub, std::vector<std::string> format_words) {
    sub->add_option("--root", common.root, "repository root (default: nearest infrac.yaml)");
    sub->add_option("--env", common.envs, "only this environment (repeatable)");
    sub->add_option("--service", common.services, "only this service (repeatable)");
    add_format(sub, std::move(format_words));
    sub->add_flag("--no-color", no_color, "no colour (also NO_COLOR)");
    sub->add_flag("-q,--quiet", common.quiet, "errors only");
    sub->add_option("-j,--jobs", common.jobs, "threads (default: one per core)");
    sub->add_option("--max-errors", common.max_errors, "diagnostics shown at most (default 100)");
  }
};

void declare_compile_commands(Cli& c) {
  c.check = c.app.add_subcommand(
      "check", "check specs, policies and hand-written Terraform without writing");
  c.add_common(c.check, {"text", "json", "sarif", "github", "junit"});
  c.check
      ->add_option("--terraform", c.common.terraform_dirs,
                   "also check hand-written Terraform under DIR (repeatable; recursive)")
      ->type_name("DIR");
  c.check->add_option("--stop-after", c.common.stop_after,
                      "stop after a pipeline stage (load, resolve, lower, policy)");
  c.check->add_option("--dump", c.common.dump, "print the result of a stage as JSON (resolve)");

  c.build = c.app.add_subcommand("build", "compile every target and write the outputs");
  c.add_common(c.build, {"text", "json"});
  c.build->add_option("--out", c.common.out, "output directory (default: the project's output)");
  c.build->add_option("--image-tag", c.common.image_tag,
                      "deploy this tag of every image not pinned by digest (e.g. the commit SHA)");
  c.build->add_option("--image-digest", c.common.image_digest,
                      "deploy the image of the one --service by this digest (sha256:...), an "
                      "immutable reference");

  c.graph = c.app.add_subcommand("graph", "the service dependency graph");
  c.add_common(c.graph, {"mermaid", "dot", "json"});

  c.access = c.app.add_subcommand(
      "access", "evaluate an environment's NetworkPolicies: needs blocked, paths too open");
  c.access->add_option("env", c.access_env, "the environment")->required();
  c.access->add_option("service", c.access_service, "only paths from or to this service");
  c.access->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
  c.add_format(c.access, {"text", "json"});
  c.access->add_flag("--no-color", c.no_color, "no colour (also NO_COLOR)");
  c.access->add_flag("-q,--quiet", c.common.quiet, "errors only");
}

void declare_project_commands(Cli& c) {
  c.schema = c.app.add_subcommand("schema", "JSON Schema of infrac.yaml and service.yaml");
  c.schema->add_option("kind", c.schema_kind, "service or project (default: one schema for both)");
  c.schema->add_option("--draft", c.draft, "2020-12 (default) or 7 (for yaml-language-server)");

  c.init = c.app.add_subcommand("init", "create infrac.yaml and a first service");
  c.init->add_option("dir", c.init_dir, "directory (default: the current one)");
  c.init->add_option("--name", c.init_name, "project name (default: the directory's name)");

  c.create = c.app.add_subcommand("new", "create a service from the template");
  c.one_of(c.create->add_option("what", c.new_kind, "service")->required(), {"service"});
  c.create->add_option("name", c.new_name, "the service name (a DNS label)")->required();
  c.create->add_option("--team", c.new_team, "owning team, one of spec.teams (default: platform)");
  c.create->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");

  c.version = c.app.add_subcommand("version", "infrac's version and its libraries'");

  c.inventory = c.app.add_subcommand(
      "inventory", "the resources, data sources, modules and providers of .tf files");
  c.add_common(c.inventory, {"text", "json"});
  c.inventory->add_option("dirs", c.inventory_dirs, "directories or .tf files (recursive)")
      ->required();

  c.import_cmd = c.app.add_subcommand(
      "import", "draft service specs from Kubernetes manifests, build them and compare");
  c.add_common(c.import_cmd, {"text", "json"});
  c.import_cmd
      ->add_option("paths", c.import_options.paths,
                   "manifest files or directories (kubectl get -o yaml, helm template, "
                   "kustomize build)")
      ->required();
  c.import_cmd->add_option("--team", c.import_options.team,
                           "owning team of the drafts (default: the project's first team)");
  c.import_cmd->add_flag("--dry-run", c.import_options.dry_run,
                         "print the drafts and the comparison; write nothing");
  c.import_cmd->add_flag("--keep-datastores", c.import_options.keep_datastores,
                         "import in-cluster datastores (redis, postgres, ...) as services "
                         "instead of giving their users managed ones");

  c.fmt =
      c.app.add_subcommand("fmt", "rewrite .tf files in canonical form (terraform fmt's rules)");
  c.fmt->add_option("paths", c.fmt_options.paths, "files or directories (default: .; recursive)");
  c.fmt->add_flag("--check", c.fmt_options.check,
                  "write nothing; fail when a file is not canonical");
  c.fmt->add_flag("--diff", c.fmt_options.diff, "print the changes as unified diffs");
}

void declare_plan_commands(Cli& c) {
  PlanOptions& o = c.plan_options;
  c.plan = c.app.add_subcommand("plan", "compile base and head, and show what changes per target");
  c.add_common(c.plan, {"text", "json", "markdown"});
  c.plan->add_option("--base", o.base, "git ref of the base (e.g. origin/main)");
  c.plan->add_option("--terraform-plan", o.terraform_plans,
                     "render `terraform show -json` plan files");
  c.plan->add_option("--head", o.head, "git ref of the head (default: the working tree)");
  c.plan->add_flag("--all", o.all, "list unchanged targets too");
  c.plan->add_flag("--detailed-exitcode", o.detailed_exitcode,
                   "exit 2 when there are changes (Terraform's meaning)");
  c.one_of(c.plan
               ->add_option("--fail-on", o.fail_on,
                            "exit 3 when the plan holds a risk at LEVEL or above, or a policy "
                            "blocks")
               ->type_name("LEVEL"),
           {"warning", "danger", "blocked"});
  c.plan->add_option("--full-output", o.full_output, "markdown: also write the whole plan to FILE");
  c.one_of(c.plan->add_option("--post", o.post,
                              "github: post (or update) the plan comment on the pull request"),
           {"github"});
  c.plan->add_option("--pr", o.pr, "pull request number (default: from GITHUB_EVENT_PATH)");
  c.plan->footer(
      "Exit codes:\n"
      "  0  no changes, or changes without --detailed-exitcode\n"
      "  1  error: a side does not compile, an error-level policy finding or a blocked risk\n"
      "     (without --fail-on), posting failed\n"
      "  2  usage error; with --detailed-exitcode: the plan has changes\n"
      "  3  --fail-on LEVEL: a risk at LEVEL or above (warning < danger < blocked), or a\n"
      "     policy finding at it (an error rule's blocks; a warning rule's on a changed\n"
      "     target warns), each listed on stderr\n"
      "The plan goes to stdout (plan --base main > plan.txt); progress and errors to stderr.\n");

  CLI::App* ci = c.app.add_subcommand("ci", "CI helpers");
  ci->require_subcommand(1);
  c.ci_targets = ci->add_subcommand("targets", "the targets whose output changes, for a CI matrix");
  c.add_common(c.ci_targets, {"json", "tfaction"});
  c.ci_targets->add_option("--base", o.base, "git ref of the base")->required();
  c.ci_targets->add_option("--head", o.head, "git ref of the head (default: the working tree)");

  c.ci_bundle = ci->add_subcommand(
      "bundle", "a pull request's reviewed change: rendered targets and Terraform's saved plans");
  c.add_common(c.ci_bundle, {"text"});
  c.ci_bundle->add_option("--base", o.base, "git ref of the base")->required();
  c.ci_bundle->add_option("--out", c.delivery.bundle_dir, "a new directory for the bundle")
      ->required();
  c.ci_bundle->add_option("--image-tag", c.common.image_tag,
                          "deploy this tag of every image not pinned by digest");
  c.ci_apply = ci->add_subcommand(
      "apply", "apply a bundle in order, after checking this commit renders exactly it");
  c.add_common(c.ci_apply, {"text"});
  c.ci_apply->add_option("--bundle", c.delivery.bundle_dir, "the directory ci bundle wrote")
      ->required();
  c.ci_apply->add_option("--base", o.base, "git ref before the merge (default HEAD~1)");
  c.ci_apply->add_flag("--dry-run", c.delivery.dry_run, "print the steps, run nothing");
  c.ci_apply->add_option("--max-age", c.delivery.max_age,
                         "refuse a bundle older than this (default 72h)");
  c.ci_apply->add_flag("--skip-kubernetes", c.delivery.skip_kubernetes,
                       "Terraform steps only: Argo CD syncs the clusters (spec.delivery.argocd)");
  c.ci_apply->add_option("--timeout", c.delivery.timeout,
                         "wait this long for each rollout and migration (default 10m)");
}

void declare_operator_commands(Cli& c) {
  OperatorOptions& o = c.operate;
  c.logs = c.app.add_subcommand("logs", "a service's logs in an environment (kubectl logs)");
  c.logs->add_option("env", o.env, "environment")->required();
  c.logs->add_option("service", o.service, "service")->required();
  c.logs->add_option("component", o.component, "component (default: all)");
  c.logs->add_flag("-f,--follow", o.follow, "stream new lines");
  c.logs->add_option("--since", o.since, "only lines newer than this (e.g. 15m)");
  c.logs->add_option("--tail", o.tail, "lines per pod (default 100)");
  c.logs->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
  c.exec = c.app.add_subcommand("exec",
                                "run a command in a component's pod: exec ENV SERVICE "
                                "[COMPONENT] -- CMD...");
  c.exec->add_option("env", o.env, "environment")->required();
  c.exec->add_option("service", o.service, "service")->required();
  c.exec->add_option("component", o.component, "component (default: the service's first)");
  c.exec->add_option("--confirm", o.confirm, "production: the environment's name again");
  c.exec->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
  c.status = c.app.add_subcommand("status", "workloads, pods and images of an environment");
  c.status->add_option("env", o.env, "environment")->required();
  c.status->add_option("service", o.service, "service (default: every one)");
  c.status->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
}

void declare_policy_commands(Cli& c) {
  CLI::App* policy =
      c.app.add_subcommand("policy", "policy packs: run their test cases, list rules");
  policy->require_subcommand(1);
  c.policy_test =
      policy->add_subcommand("test", "run the packs' own test cases, report rule coverage");
  c.policy_test->add_option("dir", c.policy_dir,
                            "repository (default: nearest infrac.yaml; none: built-in packs)");
  c.policy_test->add_flag("-q,--quiet", c.common.quiet, "failures and the summary only");
  c.policy_test->add_option("--root", c.common.root, "repository root (as dir)");
  c.policy_list = policy->add_subcommand("list", "every rule the project's packs define");
  c.policy_list->add_option("dir", c.policy_dir, "repository (default: nearest infrac.yaml)");
  c.policy_list->add_option("--root", c.common.root, "repository root (as dir)");

  c.explain =
      c.app.add_subcommand("explain", "a rule or diagnostic code: why, how to fix, how to waive");
  c.explain
      ->add_option("what", c.explain_what,
                   "a rule id (datastore.approved) or a diagnostic code (E0141)")
      ->required();
  c.explain->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
}

// Completion and manual pages, made from this file's own definition (cli_model.h).
void declare_shell_commands(Cli& c) {
  c.completion = c.app.add_subcommand(
      "completion", "a completion script for bash, zsh or fish: source <(infrac completion bash)");
  c.one_of(c.completion->add_option("shell", c.completion_shell, "bash, zsh or fish")->required(),
           {"bash", "zsh", "fish"});
  // What the scripts call back for values that live in the repository; not for people.
  c.complete = c.app.add_subcommand("__complete", "names for shell completion");
  c.complete->group("");
  c.one_of(c.complete->add_option("what", c.complete_what, "envs or services")->required(),
           {"envs", "services"});
  c.complete->add_option("--root", c.common.root, "repository root (default: nearest infrac.yaml)");
  c.man = c.app.add_subcommand("__man", "write a man page per command into DIR");
  c.man->group("");
  c.man->add_option("dir", c.man_dir, "directory")->required();
}

void declare_all(Cli& c) {
  c.app.name("infrac");
  c.app.require_subcommand(1);
  c.app.set_help_all_flag("--help-all", "help for every command");
  c.app.set_version_flag("-V,--version", std::string("infrac ") + INFRAC_VERSION);
  // Flags every command takes: a subcommand passes what it does not know to here.
  c.app.fallthrough();
  c.app.add_flag("--no-color", c.no_color, "no colour (also NO_COLOR)");
  c.app.add_flag("-q,--quiet", c.common.quiet, "errors only");
  declare_compile_commands(c);
  declare_project_commands(c);
  declare_plan_commands(c);
  declare_policy_commands(c);
  declare_operator_commands(c);
  declare_shell_commands(c);
}

// What a value of an option or positional named `name` is, for completion. One table for
// the whole command line: the same name means the same kind of value in every command.
CliValue value_of(const Cli& c, const CLI::Option* option, const std::string& name) {
  if (auto it = c.choices.find(option); it != c.choices.end()) {
    return {ValueKind::kChoice, it->second};
  }
  static const std::map<std::string, ValueKind> kinds = {
      {"env", ValueKind::kEnv},          {"confirm", ValueKind::kEnv},
      {"service", ValueKind::kService},  {"root", ValueKind::kDir},
      {"out", ValueKind::kDir},          {"bundle", ValueKind::kDir},
      {"terraform", ValueKind::kDir},    {"dir", ValueKind::kDir},
      {"dirs", ValueKind::kFile},        {"paths", ValueKind::kFile},
      {"full-output", ValueKind::kFile}, {"terraform-plan", ValueKind::kFile}};
  if (auto it = kinds.find(name); it != kinds.end()) return {it->second, {}};
  return {};
}

CliCommand describe(const Cli& c, const CLI::App* app) {
  CliCommand command{app->get_name(), app->get_description(), app->help(), {}, {}, {}};
  if (app == &c.app) command.name = "infrac";
  for (const CLI::Option* o : app->get_options()) {
    if (o->get_positional()) {
      CliValue value = value_of(c, o, o->get_name());
      command.positionals.push_back(
          {o->get_name(), o->get_description(), o->get_items_expected_max() > 1, value});
      continue;
    }
    CliOption option;
    for (const auto& n : o->get_lnames()) option.names.push_back("--" + n);
    for (const auto& n : o->get_snames()) option.names.push_back("-" + n);
    option.description = o->get_description();
    option.takes_value = o->get_type_size_max() > 0;
    if (option.takes_value) {
      option.value = value_of(c, o, o->get_lnames().empty() ? "" : o->get_lnames().front());
    }
    if (auto it = c.formats.find(app); it != c.formats.end() && option.names[0] == "--format") {
      option.value = {ValueKind::kChoice, it->second};
    }
    command.options.push_back(option);
  }
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (!sub->get_group().empty()) command.commands.push_back(describe(c, sub));
  }
  return command;
}

int dispatch_shell(Cli& c, Io io) {
  if (c.complete->parsed()) return cmd_complete_names(c.complete_what, c.common.root, io);
  CliCommand model = cli_model();
  if (c.man->parsed()) return cmd_man_pages(model, c.man_dir, io);
  if (c.completion_shell == "bash") io.out << bash_completion(model);
  if (c.completion_shell == "zsh") io.out << zsh_completion(model);
  if (c.completion_shell == "fish") io.out << fish_completion(model);
  return kExitOk;
}

// --format as `command` takes it: not given (empty), the first of `allowed`; otherwise one of
// them, or a usage error that lists them (with the nearest when it is a near miss).
bool format_in(CommonOptions& common, const std::string& command,
               const std::vector<std::string>& allowed, Io io) {
  if (common.format.empty()) common.format = allowed.front();
  if (std::find(allowed.begin(), allowed.end(), common.format) != allowed.end()) return true;
  std::string listed;
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    listed += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
    names.push_back(allowed[i]);
  }
  io.err << "infrac: error: --format " << common.format << ": " << command << " writes " << listed
         << "\n";
  if (std::string hint = did_you_mean(common.format, names); !hint.empty())
    io.err << "help: " << hint << "\n";
  return false;
}

int dispatch(Cli& c, Io io) {
  CommonOptions& common = c.common;
  if (c.check->parsed()) {
    if (!format_in(common, "check", c.formats.at(c.check), io)) return kExitUsage;
    return cmd_check(common, io);
  }
  if (c.build->parsed()) {
    return format_in(common, "build", c.formats.at(c.build), io) ? cmd_build(common, io)
                                                                 : kExitUsage;
  }
  if (c.plan->parsed()) {
    if (!format_in(common, "plan", c.formats.at(c.plan), io)) return kExitUsage;
    if (c.plan_options.base.empty() == c.plan_options.terraform_plans.empty()) {
      io.err << "infrac: error: plan needs --base REF or --terraform-plan FILE...\n";
      return kExitUsage;
    }
    return cmd_plan(common, c.plan_options, io);
  }
  if (c.ci_targets->parsed()) {
    if (!format_in(common, "ci targets", c.formats.at(c.ci_targets), io)) return kExitUsage;
    return cmd_ci_targets(common, c.plan_options, io);
  }
  if (c.ci_bundle->parsed()) {
    if (!format_in(common, "ci bundle", c.formats.at(c.ci_bundle), io)) return kExitUsage;
    return cmd_ci_bundle(common, c.plan_options, c.delivery, io);
  }
  if (c.ci_apply->parsed()) {
    if (!format_in(common, "ci apply", c.formats.at(c.ci_apply), io)) return kExitUsage;
    if (c.plan_options.base.empty()) c.plan_options.base = "HEAD~1";
    return cmd_ci_apply(common, c.plan_options, c.delivery, io);
  }
  if (c.logs->parsed()) return cmd_logs(common, c.operate, io);
  if (c.exec->parsed()) return cmd_exec(common, c.operate, io);
  if (c.status->parsed()) return cmd_status(common, c.operate, io);
  if (c.graph->parsed()) {
    return format_in(common, "graph", c.formats.at(c.graph), io) ? cmd_graph(common, io)
                                                                 : kExitUsage;
  }
  if (c.access->parsed()) {
    return format_in(common, "access", c.formats.at(c.access), io)
               ? cmd_access(common, c.access_env, c.access_service, io)
               : kExitUsage;
  }
  if (c.schema->parsed()) return cmd_schema(c.schema_kind, c.draft, io);
  if (c.init->parsed()) return cmd_init(common, c.init_dir, c.init_name, io);
  if (c.create->parsed()) return cmd_new_service(common, c.new_name, c.new_team, io);
  if (c.version->parsed()) return cmd_version(io);
  if (c.fmt->parsed()) return cmd_fmt(c.fmt_options, io);
  if (c.import_cmd->parsed()) {
    if (!format_in(common, "import", c.formats.at(c.import_cmd), io)) return kExitUsage;
    return cmd_import(common, c.import_options, io);
  }
  if (c.inventory->parsed()) {
    if (!format_in(common, "inventory", c.formats.at(c.inventory), io)) return kExitUsage;
    return cmd_inventory(common, c.inventory_dirs, io);
  }
  if (!c.policy_dir.empty()) common.root = c.policy_dir;
  if (c.policy_test->parsed()) return cmd_policy_test(common, io);
  if (c.policy_list->parsed()) return cmd_policy_list(common, io);
  if (c.explain->parsed()) return cmd_explain(common, c.explain_what, io);
  if (c.completion->parsed() || c.complete->parsed() || c.man->parsed()) {
    return dispatch_shell(c, io);
  }
  return kExitUsage;
}

}  // namespace

int run_cli(int argc, const char* const* argv, Io io) {
  Cli c;
  c.common.format.clear();  // not given: each command's default (format_in)
  declare_all(c);

  // exec ... -- CMD: what follows `--` is the command, never infrac's arguments.
  std::vector<const char*> args(argv, argv + argc);
  if (argc > 1 && std::string(argv[1]) == "exec") {
    auto dashes = std::find_if(args.begin(), args.end(),
                               [](const char* a) { return std::string(a) == "--"; });
    if (dashes != args.end()) {
      c.operate.command.assign(dashes + 1, args.end());
      args.erase(dashes, args.end());
    }
  }
  argc = static_cast<int>(args.size());
  argv = args.data();

  if (auto answered = answer_before_parsing(c.app, argc, argv, io)) return *answered;
  try {
    c.app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A mistyped flag first: it is also why a required option looks missing (--bsae main).
    if (e.get_exit_code() != 0) {
      if (auto answered = answer_unknown_option(c.app, io)) return *answered;
    }
    int code = c.app.exit(e, io.out, io.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (c.no_color) io.color = io.out_color = false;
  return dispatch(c, io);
}

CliCommand cli_model() {
  Cli c;
  declare_all(c);
  CliCommand root = describe(c, &c.app);
  // `infrac help COMMAND` is answered before parsing (answer_before_parsing), not a parser
  // command; completion offers it like one.
  std::vector<std::string> names;
  for (const auto& sub : root.commands) names.push_back(sub.name);
  CliCommand help{"help", "a command's options", "", {}, {}, {}};
  help.positionals.push_back({"command", "", false, {ValueKind::kChoice, names}});
  root.commands.push_back(help);
  return root;
}

const char* cli_parser_version() {
  return CLI11_VERSION;
}

}  // namespace infrac
