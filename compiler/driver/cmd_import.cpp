// `infrac import PATH...`: existing Kubernetes manifests become draft services/<name>/
// service.yaml files (adopt/import_specs.h), which are then built for one environment and
// compared with the input object by object (adopt/compare.h), and the calls found in the input
// are checked against the rebuilt NetworkPolicies (adopt/call_proof.h). The report
// (adopt/import_report.h) leads with what changes behaviour, then bookkeeping by kind. A draft that
// does not compile, or a service folder that exists already, writes nothing.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adopt/call_proof.h"
#include "adopt/compare.h"
#include "adopt/import_report.h"
#include "adopt/import_specs.h"
#include "adopt/manifests.h"
#include "driver/cli_host.h"
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

// A datastore that replaces one that ran in the cluster says so where it is reviewed.
std::string moved_datastores(const ImportResult& r, const std::string& service) {
  std::string out;
  for (const auto& d : r.datastores) {
    for (const auto& user : d.users) {
      if (user.rfind(service + ".", 0) != 0) continue;
      out += "# datastores." + user.substr(service.size() + 1) + " replaces the in-cluster " +
             d.type + " " + d.object + " (" + d.image +
             "): a managed one, of infrac's\n# default size; its data is not moved, and the "
             "application reads its variables instead of the address.\n";
    }
  }
  return out;
}

std::string draft_text(const ImportResult& r, const ImportedService& s, const std::string& env) {
  std::string objects;
  for (const auto& o : s.objects) objects += (objects.empty() ? "" : ", ") + o;
  return "# Drafted by infrac import from " + objects + " (" + env +
         "). Review it: `infrac import` lists\n# what it did not carry over; datastore "
         "versions and sizes are infrac's defaults.\n" +
         moved_datastores(r, s.name) + print_yaml(s.document);
}

// A dry run's drafts in the JSON report: file -> text, as they would be written.
nlohmann::ordered_json drafts_json(const ImportResult& r, const std::string& env) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& s : r.services)
    out["services/" + s.name + "/service.yaml"] = draft_text(r, s, env);
  return out;
}

// Diagnostics on stderr (errors only with -q); whether there was an error.
bool print_errors(const Diagnostics& diagnostics, const SourceFiles& files, bool quiet, Io io) {
  for (const auto& d : diagnostics.sorted(files)) {
    if (quiet && d.severity != Severity::Error) continue;
    io.err << render_text(d, files, TextStyle{io.color}) << "\n";
  }
  return diagnostics.has_errors();
}

// The import's settings from the repository it joins: the environment, its registry, the
// project's name and a default team. Nothing when the repository does not compile.
std::optional<ImportOptions> import_settings(const fs::path& root, const CommonOptions& options,
                                             const ImportCliOptions& imp, int& exit, Io io) {
  CompileOptions front;
  front.host = cli_host();
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
  o.keep_datastores = imp.keep_datastores;
  return o;
}

// Writes the drafts and builds them for the environment; takes them back when they do not
// compile or on --dry-run, and shows them on `shown` (with the diagnostics on stderr).
// Nothing when they do not compile.
std::unique_ptr<Compilation> build_drafts(const fs::path& root, const ImportResult& result,
                                          const std::string& env, bool dry_run, bool quiet, Io io,
                                          std::ostream& shown) {
  std::vector<fs::path> written;
  for (const auto& s : result.services) {
    fs::create_directories(root / "services" / s.name);
    written.push_back(root / "services" / s.name);
    std::ofstream(root / "services" / s.name / "service.yaml") << draft_text(result, s, env);
  }
  CompileOptions build;
  build.host = cli_host();
  build.root = root;
  build.stop_after = Stage::Lower;
  build.envs = {env};
  build.keep_targets = true;
  for (const auto& s : result.services) build.services.push_back(s.name);
  auto built = compile(build);
  bool failed = print_errors(built->diagnostics, built->files, quiet, io) || !built->model;
  if (dry_run || failed) {
    for (const auto& s : result.services)
      shown << "--- services/" << s.name << "/service.yaml\n" << draft_text(result, s, env);
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
                        result.not_carried, result.renames, result.built_as);
  }
  return comparisons;
}

// E0020 at each workload that would join a service of another namespace; whether any did.
bool report_clashes(const ImportResult& result, const std::vector<Manifest>& manifests,
                    const SourceFiles& files, Io io) {
  Diagnostics diagnostics;
  auto where = [&](const std::string& id) {
    for (const auto& m : manifests)
      if (m.id() == id) return location_at(m.node, {"metadata", "name"}, m.node.location);
    return Location{};
  };
  for (const auto& c : result.clashes) {
    Diagnostic& d = diagnostics.add(
        DiagCode::kImportNameClash, where(c.object),
        c.object + " would be service '" + c.service + "', as " + c.first +
            " of another namespace is: infrac runs a service in one namespace named after it");
    d.notes.push_back({where(c.first), c.first + " is service '" + c.service + "'"});
    d.help =
        "give one of them a distinct app.kubernetes.io/name label in its pod template "
        "(it names the service)";
  }
  return print_errors(diagnostics, files, false, io);
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
  if (report_clashes(result, manifests, files, io)) return kExitFailure;
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
  // In JSON, stdout is the report alone: drafts of a dry run go inside it, drafts that do not
  // compile to stderr.
  bool json = options.format == "json";
  std::ostringstream held;
  auto built = build_drafts(*root, result, settings->env, imp.dry_run, options.quiet, io,
                            json ? held : io.out);
  if (!built) {
    io.err << held.str();
    return kExitFailure;
  }
  auto comparisons = compare_all(result, manifests, *built, settings->env);
  // The calls of the input against the rebuilt NetworkPolicies, read as a cluster reads them.
  CallProof proof = prove_calls(result, *built->model, settings->env, built->target_irs);
  ImportReport report{result, comparisons, proof};
  if (json) {
    auto j = import_report_json(report);
    if (imp.dry_run) j["drafts"] = drafts_json(result, settings->env);
    io.out << j.dump(2) << "\n";
  } else {
    import_report_text(report, io.out);
  }
  if (!options.quiet) {
    io.err << "infrac: " << (imp.dry_run ? "drafted " : "imported ") << result.services.size()
           << " service(s) from " << manifests.size() << " object(s); "
           << std::count_if(result.not_carried.begin(), result.not_carried.end(),
                            [](const NotCarried& n) { return !n.rewritten; })
           << " field(s) not carried; " << proof.allowed << " of " << proof.service_calls
           << " call(s) between services allowed in the rebuild";
    if (!result.platform.empty())
      io.err << "; " << result.platform.size() << " object(s) of the platform namespace "
             << kPlatformNamespace << " skipped (infrac writes them)";
    io.err << "\n";
  }
  return kExitOk;
}

}  // namespace infrac
