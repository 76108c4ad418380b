// `infrac import PATH...`: existing Kubernetes manifests become draft services/<name>/
// service.yaml files (adopt/import_specs.h), which are then built for one environment and
// compared with the input object by object (adopt/compare.h). The report lists every field
// not carried with its reason and every difference with its explanation. A draft that does not
// compile, or a service folder that exists already, writes nothing.
#include <fstream>
#include <nlohmann/json.hpp>

#include "adopt/compare.h"
#include "adopt/import_specs.h"
#include "adopt/manifests.h"
#include "driver/commands.h"
#include "emit/yaml_printer.h"
#include "ir/workload_labels.h"
#include "pipeline/compile.h"
#include "report/diagnostic_render.h"

namespace infrac {
namespace fs = std::filesystem;
namespace {

struct Drafted {
  ImportResult result;
  std::map<std::string, std::string> texts;  // service -> service.yaml
};

std::string draft_text(const ImportedService& s, const std::string& env) {
  std::string objects;
  for (const auto& o : s.objects) objects += (objects.empty() ? "" : ", ") + o;
  return "# Drafted by infrac import from " + objects + " (" + env +
         "). Review it: `infrac import` lists\n# what it did not carry over; datastore "
         "versions and sizes are infrac's defaults.\n" +
         print_yaml(s.document);
}

// Diagnostics on stderr (errors only with -q); whether there was an error.
bool print_errors(const Diagnostics& diagnostics, const SourceFiles& files, bool quiet, Io io) {
  for (const auto& d : diagnostics.sorted(files)) {
    if (quiet && d.severity != Severity::Error) continue;
    io.err << render_text(d, files, TextStyle{io.color}) << "\n";
  }
  return diagnostics.has_errors();
}

nlohmann::ordered_json report_json(
    const ImportResult& r, const std::map<std::string, std::vector<ObjectComparison>>& cmp) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  auto& services = j["services"] = nlohmann::ordered_json::array();
  for (const auto& s : r.services) {
    nlohmann::ordered_json sj = {
        {"name", s.name}, {"file", "services/" + s.name + "/service.yaml"}, {"objects", s.objects}};
    auto& objects = sj["comparison"] = nlohmann::ordered_json::array();
    for (const auto& c : cmp.at(s.name)) {
      nlohmann::ordered_json cj = {{"object", c.object}, {"status", c.status}};
      if (!c.explanation.empty()) cj["explanation"] = c.explanation;
      auto& diffs = cj["differences"] = nlohmann::ordered_json::array();
      for (const auto& d : c.differences)
        diffs.push_back({{"path", d.path}, {"explanation", d.explanation}});
      objects.push_back(std::move(cj));
    }
    services.push_back(std::move(sj));
  }
  auto& notes = j["not_carried"] = nlohmann::ordered_json::array();
  for (const auto& n : r.not_carried) {
    auto owner = r.owner.find(n.object);
    notes.push_back({{"object", n.object},
                     {"service", owner == r.owner.end() ? "" : owner->second},
                     {"path", n.path},
                     {"reason", n.reason},
                     {"rewritten", n.rewritten}});
  }
  return j;
}

void report_text(const ImportResult& r,
                 const std::map<std::string, std::vector<ObjectComparison>>& cmp, Io io) {
  for (const auto& s : r.services) {
    io.out << "services/" << s.name << "/service.yaml\n";
    for (const auto& n : r.not_carried) {
      auto owner = r.owner.find(n.object);
      if (owner == r.owner.end() || owner->second != s.name) continue;
      io.out << (n.rewritten ? "  written differently: " : "  not carried: ") << n.object
             << (n.path.empty() ? "" : " " + n.path) << ": " << n.reason << "\n";
    }
    for (const auto& c : cmp.at(s.name)) {
      io.out << "  " << c.status << ": " << c.object
             << (c.explanation.empty() ? "" : " (" + c.explanation + ")") << "\n";
      for (const auto& d : c.differences)
        io.out << "      " << d.path << ": " << d.explanation << "\n";
    }
  }
  for (const auto& n : r.not_carried) {
    auto owner = r.owner.find(n.object);
    if (owner != r.owner.end() && !owner->second.empty()) continue;
    io.out << "not imported: " << n.object << ": " << n.reason << "\n";
  }
}

// The import's settings from the repository it joins: the environment, its registry, the
// project's name and a default team. Nothing when the repository does not compile.
std::optional<ImportOptions> import_settings(const fs::path& root, const CommonOptions& options,
                                             const ImportCliOptions& imp, int& exit, Io io) {
  CompileOptions front;
  front.root = root;
  auto project = compile(front);
  exit = kExitFailure;
  if (!project->model) {
    print_errors(project->diagnostics, project->files, options.quiet, io);
    return std::nullopt;
  }
  const Project& p = project->model->project;
  ImportOptions o;
  o.env = options.envs.empty() ? p.environments.front().name : options.envs.front();
  const Environment* environment = p.environment(o.env);
  if (!environment) {
    io.err << "infrac: error: --env " << o.env << ": the project has no such environment\n";
    exit = kExitUsage;
    return std::nullopt;
  }
  o.team = imp.team.empty() ? (p.teams.empty() ? "platform" : p.teams.front()) : imp.team;
  o.registry = environment->registry;
  o.project = p.name;
  return o;
}

// Writes the drafts and builds them for the environment; takes them back when they do not
// compile (shown with their diagnostics) or on --dry-run. Nothing when they do not compile.
std::unique_ptr<Compilation> build_drafts(const fs::path& root, const ImportResult& result,
                                          const std::string& env, bool dry_run, bool quiet, Io io) {
  std::vector<fs::path> written;
  for (const auto& s : result.services) {
    fs::create_directories(root / "services" / s.name);
    written.push_back(root / "services" / s.name);
    std::ofstream(root / "services" / s.name / "service.yaml") << draft_text(s, env);
  }
  CompileOptions build;
  build.root = root;
  build.stop_after = Stage::Lower;
  build.envs = {env};
  build.keep_targets = true;
  for (const auto& s : result.services) build.services.push_back(s.name);
  auto built = compile(build);
  bool failed = print_errors(built->diagnostics, built->files, quiet, io) || !built->model;
  if (dry_run || failed) {
    for (const auto& s : result.services)
      io.out << "--- services/" << s.name << "/service.yaml\n" << draft_text(s, env);
    for (const auto& w : written) fs::remove_all(w);
  }
  if (!failed) return built;
  io.err << "infrac: the drafts do not compile (shown above); nothing written\n";
  return nullptr;
}

std::map<std::string, std::vector<ObjectComparison>> compare_all(
    const ImportResult& result, const std::vector<Manifest>& manifests, const Compilation& built,
    const std::string& env) {
  std::map<std::string, std::vector<ObjectComparison>> comparisons;
  for (const auto& s : result.services) {
    std::vector<const Manifest*> mine;
    for (const auto& m : manifests) {
      auto owner = result.owner.find(m.id());
      if (owner != result.owner.end() && owner->second == s.name) mine.push_back(&m);
    }
    auto ir = built.target_irs.find(env + "/" + s.name);
    static const std::vector<KObject> none;
    comparisons[s.name] =
        compare_objects(mine, ir == built.target_irs.end() ? none : ir->second.kubernetes,
                        result.not_carried, result.renames);
  }
  return comparisons;
}

}  // namespace

int cmd_import(const CommonOptions& options, const ImportCliOptions& imp, Io io) {
  if (options.format != "text" && options.format != "json") {
    io.err << "infrac: error: --format " << options.format << ": import writes text or json\n";
    return kExitUsage;
  }
  auto root = repository_root(options.root);
  if (!root) {
    io.err << "infrac: error[E0016]: no infrac.yaml found\nhelp: run infrac import inside the "
              "repository the services join (infrac init creates one)\n";
    return kExitUsage;
  }
  int exit = kExitOk;
  auto settings = import_settings(*root, options, imp, exit, io);
  if (!settings) return exit;
  SourceFiles files;
  Diagnostics diagnostics;
  std::vector<fs::path> paths(imp.paths.begin(), imp.paths.end());
  std::vector<Manifest> manifests = read_manifests(paths, files, diagnostics, YamlLimits{});
  if (print_errors(diagnostics, files, options.quiet, io)) return kExitFailure;
  ImportResult result = import_manifests(manifests, *settings);
  if (result.services.empty()) {
    io.err << "infrac: error: no Deployment, CronJob or Job to import\n";
    return kExitFailure;
  }
  for (const auto& s : result.services) {
    if (!fs::exists(*root / "services" / s.name)) continue;
    io.err << "infrac: error: services/" << s.name
           << " exists already; import writes new services only (nothing written)\n";
    return kExitFailure;
  }
  auto built = build_drafts(*root, result, settings->env, imp.dry_run, options.quiet, io);
  if (!built) return kExitFailure;
  auto comparisons = compare_all(result, manifests, *built, settings->env);
  if (options.format == "json") {
    io.out << report_json(result, comparisons).dump(2) << "\n";
  } else {
    report_text(result, comparisons, io);
  }
  if (!options.quiet) {
    io.err << "infrac: " << (imp.dry_run ? "drafted " : "imported ") << result.services.size()
           << " service(s) from " << manifests.size() << " object(s); "
           << std::count_if(result.not_carried.begin(), result.not_carried.end(),
                            [](const NotCarried& n) { return !n.rewritten; })
           << " field(s) not carried";
    if (!result.platform.empty())
      io.err << "; " << result.platform.size() << " object(s) of the platform namespace "
             << kPlatformNamespace << " skipped (infrac writes them)";
    io.err << "\n";
  }
  return kExitOk;
}

}  // namespace infrac
