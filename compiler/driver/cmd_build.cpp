// `infrac build`: compile every selected target and write the output tree atomically.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "base/fs.h"
#include "base/interrupt.h"
#include "base/parallel.h"
#include "base/regex.h"
#include "driver/build_cache.h"
#include "driver/cli_host.h"
#include "driver/commands.h"
#include "emit/tree_writer.h"
#include "ir/output_layout.h"
#include "plan/reach.h"
#include "policy/policy.h"
#include "report/diagnostic_render.h"
#include "report/findings_render.h"

namespace infrac {
namespace {

// --image-tag and --image-digest choose the deployed image; a malformed one is a usage error.
std::string image_options_problem(const CommonOptions& options) {
  if (!options.image_tag.empty() && !pinned_image_tag(options.image_tag)) {
    return "--image-tag " + options.image_tag +
           ": not a pinned image tag (letters, digits, _ . -; at most 128; not latest)";
  }
  if (options.image_digest.empty()) return {};
  static const Regex digest = builtin_regex("sha256:[0-9a-f]{64}");
  if (!digest.full_match(options.image_digest)) {
    return "--image-digest " + options.image_digest +
           ": not an image digest (sha256: and 64 lowercase hex digits)";
  }
  if (options.services.size() != 1) {
    return "--image-digest names the content of one image: use it with exactly one --service";
  }
  if (!options.image_tag.empty()) {
    return "--image-digest and --image-tag both choose the deployed image; pass one";
  }
  return {};
}

// What the build cache keys a build by: every option that shapes the output.
std::string options_key(const CommonOptions& options) {
  std::string key = "out=" + options.out + "\nimage_tag=" + options.image_tag +
                    "\nimage_digest=" + options.image_digest +
                    "\nmax_errors=" + std::to_string(options.max_errors);
  for (const auto& e : options.envs) key += "\nenv=" + e;
  for (const auto& s : options.services) key += "\nservice=" + s;
  return key;
}

// The text report's key in the cache: one rendering per -q and colour.
std::string text_key(bool quiet, bool color) {
  return std::string("text") + (quiet ? "-quiet" : "") + (color ? "-color" : "");
}

// What a build said (warnings, waived findings), rendered every way a later run may print it,
// so the no-op path replays it instead of compiling again to say it.
std::map<std::string, std::string> replayable_report(const CompileRun& run,
                                                     const CommonOptions& options) {
  const Compilation& c = *run.compilation;
  std::map<std::string, std::string> report;
  for (bool quiet : {false, true}) {
    for (bool color : {false, true}) {
      std::ostringstream none, err;
      CommonOptions o = options;
      o.quiet = quiet;
      Io io{none, err, color};
      print_diagnostics_text(run, o, io);
      print_findings_text(c.findings, c.files, o, io);
      report[text_key(quiet, color)] = err.str();
    }
  }
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (const auto& d : run.diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
  nlohmann::ordered_json violations = nlohmann::ordered_json::array();
  for (const auto& f : c.findings) violations.push_back(finding_json(f, c.files));
  report["json-diagnostics"] = diagnostics.dump();
  report["json-violations"] = violations.dump();
  return report;
}

int report_cached(const CachedBuild& cached, const CommonOptions& options, Io io) {
  auto replay = [&](const std::string& key) {
    auto it = cached.report.find(key);
    return it == cached.report.end() ? std::string() : it->second;
  };
  if (options.format == "json") {
    auto parsed = [&](const std::string& key) {
      std::string text = replay(key);
      return text.empty() ? nlohmann::ordered_json::array()
                          : nlohmann::ordered_json::parse(text, nullptr, false);
    };
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["diagnostics"] = parsed("json-diagnostics");
    j["violations"] = parsed("json-violations");
    j["output"] = display_path(cached.out, std::filesystem::current_path());
    j["targets"] = cached.targets;
    j["compiled"] = 0;  // the document's shape is the full build's: nothing lowered this time
    j["files"] = {{"written", 0}, {"unchanged", cached.files - 1}, {"removed", 0}};
    j["summary"] = {{"errors", 0}, {"warnings", cached.warnings}, {"waived", cached.waived}};
    io.out << j.dump(2) << "\n";
  } else {
    io.err << replay(text_key(options.quiet, io.color));
    if (!options.quiet) {
      io.err << "infrac: built " << cached.targets << " target" << (cached.targets == 1 ? "" : "s")
             << " into " << display_path(cached.out, std::filesystem::current_path())
             << "/: nothing changed since the last build"
             << (cached.waived ? " (" + std::to_string(cached.waived) + " waived)" : "") << "\n";
    }
  }
  return kExitOk;
}

// Emit streams each target's files into the output tree's writer as the target finishes.
class TreeSink final : public OutputSink {
 public:
  // `partial`: the build compiles some targets and replaces only their directories (and
  // infrac's modules, and with `gateways` the environments' API gateways and platforms).
  // `removed`: services whose folders the change touched, whose old directories a removed
  // service leaves behind.
  TreeSink(bool partial, bool gateways, std::set<std::string> removed = {})
      : partial_(partial), gateways_(gateways), removed_(std::move(removed)) {}

  void open(const Compilation& c) override {
    WriteOptions write;
    if (partial_) {
      std::vector<std::string> owned = {"modules/"};
      for (const auto& id : c.compiled) {
        for (auto& d : target_directories(id)) owned.push_back(std::move(d));
      }
      for (const auto& env : c.model->project.environments) {
        if (gateways_) {
          owned.push_back(gateway_dir(env.name) + "/");
          for (auto& d : target_directories(env.name + "/" + kPlatformService))
            owned.push_back(std::move(d));
        }
        for (const auto& s : removed_) {
          for (auto& d : target_directories(env.name + "/" + s)) owned.push_back(std::move(d));
        }
      }
      write.owns = [owned](const std::string& path) {
        return std::any_of(owned.begin(), owned.end(),
                           [&](const std::string& prefix) { return path.rfind(prefix, 0) == 0; });
      };
    }
    writer_ = std::make_unique<TreeWriter>(c.output_dir, std::move(write));
  }

  void add(std::vector<OutputFile> files) override { writer_->add(std::move(files)); }

  bool opened() const { return writer_ != nullptr; }
  WriteReport commit() { return writer_->commit(); }
  void abandon() {
    if (writer_) writer_->abandon();
  }

 private:
  bool partial_, gateways_;
  std::set<std::string> removed_;
  std::unique_ptr<TreeWriter> writer_;
};

// An incremental build: only files of some services/<S>/ changed since the last clean build,
// whose outputs are untouched. The targets the change reaches are those the target graph says
// read S, on the last build's graph or on the new model's (plan/reach.h's rule).
struct Incremental {
  Incremental(const CachedBuild& last, std::set<std::string> services)
      : changed(std::move(services)), before(&last.graph) {}
  bool reaches(const Model& model, const Target& t) {
    if (!reached) reached = reached_targets(changed, before, &model.graph);
    return reached->count(t.id()) > 0;
  }
  std::set<std::string> changed;
  const TargetGraph* before;
  std::optional<std::set<std::string>> reached;  // computed once, on the new model
};

// The waived findings of the targets a build compiled, per target; an incremental build keeps
// the others' from the last build.
std::map<std::string, std::size_t> waived_by_target(const std::vector<Finding>& findings) {
  std::map<std::string, std::size_t> out;
  for (const auto& f : findings) {
    if (f.waived) ++out[f.target];
  }
  return out;
}

Diagnostic write_failure(const WriteReport& report) {
  Diagnostic d{report.refused ? DiagCode::kOutputNotOurs : DiagCode::kOutputWrite,
               Severity::Error,
               {},
               report.error,
               {},
               {}};
  d.help = report.refused ? "choose another --out, or empty the directory"
                          : "the previous output is unchanged";
  return d;
}

// What the build cache remembers of a clean build: the target graph, each target's waived
// findings (compiled now or kept from the last build), and every file of the output tree.
BuildRecord build_record(const CompileRun& run, const std::optional<CachedBuild>& last,
                         const FindingCounts& counts, WriteReport& written,
                         const CommonOptions& options) {
  const Compilation& c = *run.compilation;
  BuildRecord r;
  std::size_t waived = counts.waived;
  r.warnings = run.warnings + counts.warnings;
  r.report = replayable_report(run, options);
  r.out = c.output_dir;
  r.inputs = c.inputs.record();
  r.targets = c.model->graph.targets().size();
  r.waived = waived;
  r.graph = &c.model->graph;
  // Verdicts are kept only when there is one for every target: a replay never guesses.
  if (c.judgements.size() == r.targets) {
    r.judgements = &c.judgements;
    r.cross_digest = c.cross_digest;
  }
  std::map<std::string, std::size_t> now = waived_by_target(c.findings);
  for (const auto& id : c.model->graph.targets()) {
    auto it = now.find(id);
    r.waived_by_target[id] = it == now.end() ? 0 : it->second;
  }
  // Every file of the tree, kept ones included, and the manifest listing them (moved: the
  // report keeps only its counts).
  r.files = std::move(written.files);
  r.files.push_back(kManifestName);
  r.last = last ? &*last : nullptr;
  r.rewritten = std::move(written.rewritten);
  return r;
}

void print_build(const CompileRun& run, const FindingCounts& counts, const WriteReport& report,
                 bool wrote, bool incremental, const CommonOptions& options, Io io) {
  const Compilation& c = *run.compilation;
  std::string shown_dir = display_path(c.output_dir, std::filesystem::current_path());
  std::size_t targets = c.selected.size();
  std::size_t compiled = c.compiled.size();
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run.diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
    auto& violations = j["violations"] = nlohmann::ordered_json::array();
    for (const auto& f : c.findings) violations.push_back(finding_json(f, c.files));
    j["output"] = shown_dir;
    j["targets"] = wrote ? targets : 0;
    j["compiled"] = wrote ? compiled : 0;
    j["files"] = {
        {"written", report.written}, {"unchanged", report.unchanged}, {"removed", report.removed}};
    j["summary"] = {{"errors", run.errors},
                    {"warnings", run.warnings + counts.warnings},
                    {"waived", counts.waived}};
    io.out << j.dump(2) << "\n";
    return;
  }
  print_diagnostics_text(run, options, io);
  print_findings_text(c.findings, c.files, options, io);
  if (!options.quiet && wrote) {
    io.err << "infrac: built " << targets << " target" << (targets == 1 ? "" : "s")
           << (incremental ? " (" + std::to_string(compiled) + " recompiled)" : "") << " into "
           << shown_dir << "/: " << report.written << " file" << (report.written == 1 ? "" : "s")
           << " written, " << report.unchanged << " unchanged, " << report.removed << " removed\n";
  } else if (!options.quiet && run.errors) {
    io.err << "infrac: " << run.errors << " error" << (run.errors == 1 ? "" : "s")
           << "; nothing written\n";
  }
}

}  // namespace

// Docker's tag grammar; `latest` is what pinning exists to avoid.
bool pinned_image_tag(const std::string& tag) {
  static const Regex grammar = builtin_regex("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  return grammar.full_match(tag) && tag != "latest";
}

int cmd_build(const CommonOptions& options, Io io) {
  if (std::string problem = image_options_problem(options); !problem.empty()) {
    io.err << "infrac: error: " << problem << "\n";
    return kExitUsage;
  }
  // Today's date is an input too: exceptions expire.
  std::string key = options_key(options) + "\ntoday=" + std::to_string(cli_host().today());
  std::filesystem::path root = repository_root(options.root).value_or(std::filesystem::path());
  std::optional<CachedBuild> last;
  if (!root.empty()) last = read_cached_build(root, key);
  bool intact = last && last->outputs_intact;
  // What the last build read, as it is now: the same states, the same binary and options,
  // untouched outputs -> nothing to do (the no-op fast path).
  InputRecord now = intact ? restate_inputs(cli_host(), root, last->inputs) : InputRecord{};
  if (intact && last->fingerprint == build_fingerprint(key, now))
    return report_cached(*last, options, io);
  bool filtered = !options.envs.empty() || !options.services.empty();
  std::optional<Incremental> incremental;
  if (intact && !filtered) {
    // plan/reach.h's rule: only files of services/<S>/ (a shared input reaches everything).
    // No changed input with another fingerprint: the binary changed, which reaches everything.
    auto changed = changed_services(changed_input_paths(last->inputs, now));
    if (changed && !changed->empty()) incremental.emplace(*last, std::move(*changed));
  }
  if (!root.empty()) forget_build(root, key);

  TreeSink sink(filtered || incremental, incremental.has_value(),
                incremental ? incremental->changed : std::set<std::string>{});
  std::optional<CompileRun> run = run_compile(options, Stage::Emit, io, [&](CompileOptions& c) {
    c.sink = &sink;
    c.record_judgements = !filtered;
    if (incremental && !last->cross_digest.empty()) {
      c.replay_judgements = &last->judgements;
      c.replay_digest = last->cross_digest;
    }
    if (incremental) {
      c.select = [&](const Model& m, const Target& t) { return incremental->reaches(m, t); };
      c.always_gateways = true;  // a changed public service may change its environment's API
      c.judge_unselected = true;
    }
  });
  if (!run) return kExitUsage;
  Compilation& c = *run->compilation;
  // Error-level policy findings stop the build like spec errors: nothing is written.
  // The findings are the whole repository's, also of the targets not recompiled (judged again
  // or replayed from the last build: policy/judgement_record.h).
  FindingCounts counts = count_findings(c.findings);
  run->errors += counts.errors;
  WriteReport report;
  bool wrote = false;
  if (run->errors == 0 && c.model && sink.opened() && !interrupted()) {
    report = sink.commit();
    wrote = report.error.empty();
    // A build that wrote its output is remembered with what it said (warnings and waived
    // findings): the fast path replays that, so a warning never turns a no-op into a rebuild.
    if (wrote && !root.empty() && !filtered) {
      record_build(root, key, build_record(*run, last, counts, report, options));
    }
  } else {
    sink.abandon();
  }
  // A signal that arrives after the commit point is too late to stop the build: the new
  // output is complete, and the run says so (exit 0).
  if (!wrote && interrupted()) {
    io.err << "infrac: interrupted; the previous output is unchanged\n";
    return 128 + interrupt_signal();
  }
  if (!report.error.empty()) {
    run->diagnostics.push_back(write_failure(report));
    ++run->errors;
  }
  print_build(*run, counts, report, wrote, incremental.has_value(), options, io);
  return run->errors ? kExitFailure : kExitOk;
}

}  // namespace infrac
