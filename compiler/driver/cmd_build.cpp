// `infrac build`: compile every selected target and write the output tree atomically.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <mutex>

#include "base/fs.h"
#include "base/interrupt.h"
#include "base/parallel.h"
#include "base/regex.h"
#include "driver/build_cache.h"
#include "driver/commands.h"
#include "emit/tree_writer.h"
#include "ir/output_layout.h"
#include "policy/policy.h"
#include "report/diagnostic_render.h"
#include "report/findings_render.h"

namespace infrac {
namespace {

// Docker's tag grammar; `latest` is what pinning exists to avoid.
bool pinned_tag(const std::string& tag) {
  static const Regex grammar = builtin_regex("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  return grammar.full_match(tag) && tag != "latest";
}

// What the build cache keys a build by: every option that shapes the output.
std::string options_key(const CommonOptions& options) {
  std::string key = "out=" + options.out + "\nimage_tag=" + options.image_tag;
  for (const auto& e : options.envs) key += "\nenv=" + e;
  for (const auto& s : options.services) key += "\nservice=" + s;
  return key;
}

int report_cached(const CachedBuild& cached, const CommonOptions& options, Io io) {
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["diagnostics"] = nlohmann::ordered_json::array();
    j["output"] = display_path(cached.out, std::filesystem::current_path());
    j["targets"] = cached.targets;
    j["files"] = {{"written", 0}, {"unchanged", cached.files - 1}, {"removed", 0}};
    j["summary"] = {{"errors", 0}, {"warnings", 0}, {"waived", cached.waived}};
    io.out << j.dump(2) << "\n";
  } else if (!options.quiet) {
    io.err << "infrac: built " << cached.targets << " target" << (cached.targets == 1 ? "" : "s")
           << " into " << display_path(cached.out, std::filesystem::current_path())
           << "/: nothing changed since the last build"
           << (cached.waived ? " (" + std::to_string(cached.waived) + " waived)" : "") << "\n";
  }
  return kExitOk;
}

// Emit streams each target's files into the output tree's writer as the target finishes.
class TreeSink final : public OutputSink {
 public:
  explicit TreeSink(bool filtered) : filtered_(filtered) {}

  void open(const Compilation& c) override {
    WriteOptions write;
    if (filtered_) {
      // A filtered build replaces only its own targets' directories (and infrac's modules).
      std::vector<std::string> owned = {"modules/"};
      for (const auto& t : c.model->targets) {
        for (auto& d : target_directories(t.id())) owned.push_back(std::move(d));
      }
      write.owns = [owned](const std::string& path) {
        return std::any_of(owned.begin(), owned.end(),
                           [&](const std::string& prefix) { return path.rfind(prefix, 0) == 0; });
      };
    }
    writer_ = std::make_unique<TreeWriter>(c.output_dir, std::move(write));
  }

  void add(std::vector<OutputFile> files) override {
    {
      std::lock_guard lock(mutex_);
      for (const auto& f : files) paths_.push_back(f.path);
    }
    writer_->add(std::move(files));
  }

  bool opened() const { return writer_ != nullptr; }
  WriteReport commit() { return writer_->commit(); }
  void abandon() {
    if (writer_) writer_->abandon();
  }
  // Every path written, and the manifest: what the build cache watches.
  std::vector<std::string> paths() const {
    std::vector<std::string> out = paths_;
    out.push_back(kManifestName);
    return out;
  }

 private:
  bool filtered_;
  std::unique_ptr<TreeWriter> writer_;
  std::mutex mutex_;
  std::vector<std::string> paths_;
};

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

void print_build(const CompileRun& run, const FindingCounts& counts, const WriteReport& report,
                 bool wrote, const CommonOptions& options, Io io) {
  const Compilation& c = *run.compilation;
  std::string shown_dir = display_path(c.output_dir, std::filesystem::current_path());
  std::size_t targets = c.model ? c.model->targets.size() : 0;
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run.diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
    auto& violations = j["violations"] = nlohmann::ordered_json::array();
    for (const auto& f : c.findings) violations.push_back(finding_json(f, c.files));
    j["output"] = shown_dir;
    j["targets"] = wrote ? targets : 0;
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
    io.err << "infrac: built " << targets << " target" << (targets == 1 ? "" : "s") << " into "
           << shown_dir << "/: " << report.written << " file" << (report.written == 1 ? "" : "s")
           << " written, " << report.unchanged << " unchanged, " << report.removed << " removed\n";
  } else if (!options.quiet && run.errors) {
    io.err << "infrac: " << run.errors << " error" << (run.errors == 1 ? "" : "s")
           << "; nothing written\n";
  }
}

}  // namespace

int cmd_build(const CommonOptions& options, Io io) {
  if (!options.image_tag.empty() && !pinned_tag(options.image_tag)) {
    io.err << "infrac: error: --image-tag " << options.image_tag
           << ": not a pinned image tag (letters, digits, _ . -; at most 128; not latest)\n";
    return kExitUsage;
  }
  // The no-op fast path: same inputs, untouched outputs -> nothing to do. Today's date is an
  // input too: exceptions expire.
  std::string key = options_key(options);
  std::filesystem::path root = repository_root(options.root).value_or(std::filesystem::path());
  std::optional<std::string> fingerprint;
  if (!root.empty())
    fingerprint = input_fingerprint(root, key + "\ntoday=" + std::to_string(today()));
  if (fingerprint) {
    if (auto cached = cached_build(root, key, *fingerprint))
      return report_cached(*cached, options, io);
    forget_build(root, key);
  }

  bool filtered = !options.envs.empty() || !options.services.empty();
  TreeSink sink(filtered);
  std::optional<CompileRun> run = run_compile(options, Stage::Emit, io, &sink);
  if (!run) return kExitUsage;
  Compilation& c = *run->compilation;
  // Error-level policy findings stop the build like spec errors: nothing is written.
  FindingCounts counts = count_findings(c.findings);
  run->errors += counts.errors;
  WriteReport report;
  bool wrote = false;
  if (run->errors == 0 && c.model && sink.opened() && !interrupted()) {
    report = sink.commit();
    // Only a build with nothing to say but waived findings is cached: the fast path repeats
    // their count, never a warning or an error.
    if (report.error.empty() && run->diagnostics.empty() && counts.errors == 0 &&
        counts.warnings == 0 && fingerprint && !filtered) {
      record_build(root, key, *fingerprint, c.output_dir, c.model->targets.size(), counts.waived,
                   sink.paths());
    }
    wrote = report.error.empty();
  } else {
    sink.abandon();
  }
  if (interrupted()) {
    io.err << "infrac: interrupted; the previous output is unchanged\n";
    return 128 + interrupt_signal();
  }
  if (!report.error.empty()) {
    run->diagnostics.push_back(write_failure(report));
    ++run->errors;
  }
  print_build(*run, counts, report, wrote, options, io);
  return run->errors ? kExitFailure : kExitOk;
}

}  // namespace infrac
