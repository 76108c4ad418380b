// `infrac policy test`, `infrac policy list` and `infrac explain RULE`: tooling for the people
// who write policies. Test cases live in the packs (tests:) and run against the repository in
// stdlib/policy-test-base.yaml, so a pack's tests mean the same in every repository.
#include <algorithm>
#include <map>
#include <set>

#include "base/did_you_mean.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "driver/cli_host.h"
#include "driver/commands.h"
#include "policy/evaluate.h"
#include "policy/pack_loader.h"
#include "policy/rule_paths.h"
#include "report/diagnostic_render.h"
#include "resolve/build_model.h"
#include "resolve/cloud_tables.h"
#include "resolve/resolve.h"
#include "spec/overlay.h"
#include "spec/repository.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

// The project whose packs apply: the repository's when there is one, else infrac/baseline
// on the test base's project.
struct PolicyRun {
  SourceFiles files;
  Diagnostics diagnostics;
  std::optional<Project> project;
  std::filesystem::path root;
  PolicySet policies;
  PolicySet shipped;  // the same packs with the built-ins' shipped parameters
};

const Node& test_base() {
  static const Node base = [] {
    SourceFile file("infrac:stdlib/policy-test-base.yaml",
                    std::string(embedded_file("stdlib/policy-test-base.yaml")));
    Diagnostics d;
    auto node = load_yaml(0, file, d);
    return node ? *node : Node{};
  }();
  return base;
}

std::unique_ptr<PolicyRun> load_for_policy(const CommonOptions& options, Io io) {
  auto run = std::make_unique<PolicyRun>();
  auto root = repository_root(options.root);
  LoadedFile project_file;
  if (root) {
    run->root = *root;
    ReadResult r = read_text_file(*root / "infrac.yaml", 1u << 20);
    if (r.text) {
      project_file.file = run->files.add("infrac.yaml", std::move(*r.text));
      project_file.root =
          load_yaml(project_file.file, *run->files.get(project_file.file), run->diagnostics);
    }
  } else {
    // No repository: the built-in packs on the test base's project.
    const SourceFile* base = nullptr;
    project_file.file = run->files.add("infrac:stdlib/policy-test-base.yaml",
                                       std::string(embedded_file("stdlib/policy-test-base.yaml")));
    base = run->files.get(project_file.file);
    auto node = load_yaml(project_file.file, *base, run->diagnostics);
    if (node && node->find("project")) project_file.root = *node->find("project");
    run->root = std::filesystem::path("/nonexistent-infrac-repository");
  }
  if (project_file.root) run->project = build_project(project_file, run->diagnostics);
  if (run->project) {
    PolicyLoadOptions load;
    load.today = cli_host().today();
    load.max_exception_days = run->project->max_exception_days;
    Inputs inputs(run->root, cli_host());
    run->policies = load_policies(*run->project, inputs, run->files, run->diagnostics, load);
    // Module arguments against infrac's own modules (a project's overrides are read by check).
    check_module_rule_paths(run->policies, builtin_module_interfaces, run->diagnostics);
    Diagnostics again;  // the same files: their problems are reported once, above
    load.shipped_parameters = true;
    run->shipped = load_policies(*run->project, inputs, run->files, again, load);
  }
  for (const auto& d : run->diagnostics.sorted(run->files)) {
    if (options.quiet && d.severity != Severity::Error) continue;
    io.err << render_text(d, run->files, TextStyle{io.color});
  }
  if (run->diagnostics.has_errors() || !run->project) return nullptr;
  return run;
}

struct CaseResult {
  bool passed = false;
  std::set<std::string> fired;  // rules of the case's pack
  std::string problem;
};

CaseResult run_case(const PackTest& test, const PolicySet& policies, SourceFiles& files) {
  CaseResult result;
  const Node& base = test_base();
  Diagnostics diagnostics;
  LoadedFile project_file;
  project_file.file = files.add("infrac:stdlib/policy-test-base.yaml#" + test.name,
                                std::string(embedded_file("stdlib/policy-test-base.yaml")));
  Node project_node = *base.find("project");
  if (test.project) project_node = merge_override(project_node, *test.project);
  project_file.root = project_node;
  std::optional<Project> project = build_project(project_file, diagnostics);
  std::vector<ServiceBuild> builds;
  if (project) {
    for (const auto& entry : base.find("services")->entries) {
      LoadedFile service;
      service.folder = entry.key;
      service.file = project_file.file;
      Node spec = entry.value;
      if (entry.key == "users" && test.service) {
        spec = merge_override(spec, *test.service);
        if (const Node* md = spec.find("metadata")) service.folder = text_at(*md, "name", "users");
      }
      service.root = std::move(spec);
      builds.push_back(build_service(service, *project, diagnostics));
    }
  }
  if (!project || diagnostics.has_errors()) {
    for (const auto& d : diagnostics.sorted(files)) result.problem += "\n      " + d.message;
    result.problem = "the case's spec is not valid:" + result.problem;
    return result;
  }
  Model model = resolve_model(std::move(*project), std::move(builds), diagnostics);
  if (diagnostics.has_errors()) {
    for (const auto& d : diagnostics.sorted(files)) result.problem += "\n      " + d.message;
    result.problem = "the case's spec does not resolve:" + result.problem;
    return result;
  }
  for (auto& t : model.targets) {
    if (t.service != "users") continue;
    t.extra_terraform = test.terraform_files;
    t.kubernetes_patches = test.patch_files;
  }
  PolicyEngine engine(model, policies);
  std::vector<TargetFindings> parts;
  const Target* users = nullptr;
  for (const auto& t : model.targets) {
    if (t.env != test.env) continue;
    if (t.service == "users" || (test.service && users == nullptr && t.service != "web"))
      users = &t;
    parts.push_back(engine.evaluate_service(t));
    Diagnostics lowering;
    TargetOutput out = lower_target(model, t, LowerOptions{}, lowering);
    // Cases about specs may name what AWS cannot create (mongodb): only generated rules need it.
    if (!lowering.has_errors()) parts.push_back(engine.evaluate_lowered(t, out));
  }
  if (!users) {
    result.problem = "no target in environment " + test.env;
    return result;
  }
  if (test.kubernetes)
    parts.push_back(engine.evaluate_object(*users, *test.kubernetes, Subject::Kubernetes));
  if (test.terraform)
    parts.push_back(engine.evaluate_object(*users, *test.terraform, Subject::Terraform));
  for (const auto& f : engine.finish(std::move(parts), files)) {
    if (f.rule->pack == test.pack) result.fired.insert(f.rule->id);
  }
  std::set<std::string> expected(test.expect.begin(), test.expect.end());
  result.passed = result.fired == expected;
  return result;
}

}  // namespace

int cmd_policy_test(const CommonOptions& options, Io io) {
  auto run = load_for_policy(options, io);
  if (!run) return kExitFailure;
  std::size_t passed = 0, failed = 0;
  std::map<std::string, std::pair<int, int>>
      coverage;  // rule -> (cases firing it, cases passing it)
  for (const auto& r : run->policies.rules) coverage[r.id];
  for (const auto& test : run->policies.tests) {
    // A built-in pack's cases describe the pack as shipped; an organisation's, as configured.
    bool builtin = test.pack.rfind("infrac/", 0) == 0;
    CaseResult result = run_case(test, builtin ? run->shipped : run->policies, run->files);
    if (result.passed) {
      ++passed;
      for (const auto& r : run->policies.rules) {
        if (r.pack != test.pack) continue;
        (result.fired.count(r.id) ? coverage[r.id].first : coverage[r.id].second) += 1;
      }
      if (!options.quiet) io.out << "PASS " << test.pack << ": " << test.name << "\n";
      continue;
    }
    ++failed;
    io.out << "FAIL " << test.pack << ": " << test.name << " ("
           << location_prefix(test.location, run->files) << ")\n";
    if (!result.problem.empty()) {
      io.out << "      " << result.problem << "\n";
    } else {
      std::string want, got;
      for (const auto& e : test.expect) want += (want.empty() ? "" : ", ") + e;
      for (const auto& e : result.fired) got += (got.empty() ? "" : ", ") + e;
      io.out << "      expected [" << want << "], fired [" << got << "]\n";
    }
  }
  std::size_t full = 0;
  std::vector<std::string> gaps;
  for (const auto& [id, counts] : coverage) {
    if (counts.first > 0 && counts.second > 0) {
      ++full;
    } else {
      gaps.push_back(id + (counts.first == 0 ? " (no failing case)" : " (no passing case)"));
    }
  }
  io.out << "policy tests: " << passed << " passed, " << failed << " failed\n";
  io.out << "coverage: " << full << "/" << coverage.size()
         << " rules have a failing and a passing case\n";
  for (const auto& g : gaps) io.out << "  uncovered: " << g << "\n";
  return failed ? kExitFailure : kExitOk;
}

int cmd_policy_list(const CommonOptions& options, Io io) {
  auto run = load_for_policy(options, io);
  if (!run) return kExitFailure;
  for (const auto& r : run->policies.rules) {
    io.out << r.id << "  " << severity_name(r.severity) << "  " << r.category << "  "
           << r.description << "\n";
  }
  return kExitOk;
}

// `infrac explain E0141`: the row of diagnostic_codes.def, the same text as docs/diagnostics.md.
static int explain_code(const std::string& code, Io io) {
  const DiagCodeInfo* info = find_diag_code(code);
  if (!info) {
    std::vector<std::string_view> codes;
    for (const auto& i : all_diag_codes()) codes.push_back(i.code);
    io.err << "infrac: error: no diagnostic code '" << code << "'\n";
    std::string hint = did_you_mean(code, codes);
    io.err << "help: " << (hint.empty() ? "" : hint + " ")
           << "every code is listed in docs/diagnostics.md\n";
    return kExitUsage;
  }
  io.out << info->code << " (" << severity_name(info->severity) << "): " << info->summary
         << "\n\nHow to fix: " << info->fix << "\n";
  return kExitOk;
}

// E0141 as printed, or e0141 as typed.
static bool looks_like_code(std::string_view id) {
  return id.size() == 5 && (id[0] == 'E' || id[0] == 'W' || id[0] == 'e' || id[0] == 'w') &&
         std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

static std::string lower(std::string text) {
  for (char& c : text) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return text;
}

int cmd_explain(const CommonOptions& options, const std::string& id, Io io) {
  if (looks_like_code(id)) {
    std::string code = id;
    code[0] = code[0] == 'e' ? 'E' : code[0] == 'w' ? 'W' : code[0];
    return explain_code(code, io);
  }
  auto run = load_for_policy(options, io);
  if (!run) return kExitFailure;
  // Rule ids are lowercase; Datastore.Approved is the same rule.
  const Rule* r = run->policies.rule(id);
  if (!r) r = run->policies.rule(lower(id));
  if (!r) {
    std::vector<std::string_view> ids;
    for (const auto& rule : run->policies.rules) ids.push_back(rule.id);
    io.err << "infrac: error: no rule '" << id << "' in the packs this project uses\n";
    std::string hint = did_you_mean(id, ids);
    if (!hint.empty()) io.err << "help: " << hint << "\n";
    return kExitUsage;
  }
  static const char* subjects[] = {"service spec", "generated Kubernetes objects",
                                   "generated Terraform"};
  io.out << r->id << " (" << severity_name(r->severity) << ", " << r->category << ", pack "
         << r->pack << ")\n\n"
         << r->description << "\n\n"
         << "Why: " << r->rationale << "\n\n"
         << "How to fix: " << r->help << "\n\n"
         << "Checks: " << subjects[static_cast<int>(r->subject)]
         << (r->for_each.empty() ? "" : ", each " + r->for_each) << "\n";
  if (!r->docs.empty()) io.out << "More: " << r->docs << "\n";
  io.out
      << "\nTo request an exception, add to policies/exceptions.yaml (kind: Exceptions) and have "
         "the owning team approve it:\n\n"
      << "  - rule: " << r->id << "\n"
      << "    services: [SERVICE]        # or targets: [ENV/SERVICE]\n"
      << "    reason: why the standard cannot be met yet, and the plan\n"
      << "    owner: TEAM\n"
      << "    expires: YYYY-MM-DD        # at most " << run->project->max_exception_days
      << " days from today\n";
  return kExitOk;
}

}  // namespace infrac
