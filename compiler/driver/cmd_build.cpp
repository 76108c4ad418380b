// `infrac build`: compile every selected target and write the output tree atomically.
#include <nlohmann/json.hpp>

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

int cmd_build(const CommonOptions& options, Io io) {
  if (!options.image_tag.empty()) {
    // Docker's tag grammar; `latest` is what pinning exists to avoid.
    static const Regex tag = builtin_regex("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    if (!tag.full_match(options.image_tag) || options.image_tag == "latest") {
      io.err << "infrac: error: --image-tag " << options.image_tag
             << ": not a pinned image tag (letters, digits, _ . -; at most 128; not latest)\n";
      return kExitUsage;
    }
  }
  // The no-op fast path: same inputs, untouched outputs -> nothing to do.
  std::string options_key = "out=" + options.out + "\nimage_tag=" + options.image_tag;
  for (const auto& e : options.envs) options_key += "\nenv=" + e;
  for (const auto& s : options.services) options_key += "\nservice=" + s;
  std::filesystem::path root = repository_root(options.root).value_or(std::filesystem::path());
  std::optional<std::string> fingerprint;
  // Today's date too: exceptions expire.
  if (!root.empty())
    fingerprint = input_fingerprint(root, options_key + "\ntoday=" + std::to_string(today()));
  if (fingerprint) {
    if (auto cached = cached_build(root, options_key, *fingerprint)) {
      if (options.format == "json") {
        nlohmann::ordered_json j;
        j["version"] = 1;
        j["diagnostics"] = nlohmann::ordered_json::array();
        j["output"] = display_path(cached->out, std::filesystem::current_path());
        j["targets"] = cached->targets;
        j["files"] = {{"written", 0}, {"unchanged", cached->files - 1}, {"removed", 0}};
        j["summary"] = {{"errors", 0}, {"warnings", 0}, {"waived", cached->waived}};
        io.out << j.dump(2) << "\n";
      } else if (!options.quiet) {
        io.err << "infrac: built " << cached->targets << " target"
               << (cached->targets == 1 ? "" : "s") << " into "
               << display_path(cached->out, std::filesystem::current_path())
               << "/: nothing changed since the last build"
               << (cached->waived ? " (" + std::to_string(cached->waived) + " waived)" : "")
               << "\n";
      }
      return kExitOk;
    }
    forget_build(root, options_key);
  }

  std::optional<CompileRun> run = run_compile(options, Stage::Emit, io);
  if (!run) return kExitUsage;
  Compilation& c = *run->compilation;

  // Error-level policy findings stop the build like spec errors: nothing is written.
  FindingCounts counts = count_findings(c.findings);
  run->errors += counts.errors;
  WriteReport report;
  bool wrote = false;
  if (interrupted()) {
    io.err << "infrac: interrupted; the previous output is unchanged\n";
    return 128 + interrupt_signal();
  }
  if (run->errors == 0 && c.model) {
    WriteOptions write;
    write.jobs = options.jobs ? options.jobs : default_jobs();
    if (!options.envs.empty() || !options.services.empty()) {
      // A filtered build replaces only its own targets' directories (and infrac's modules).
      std::vector<std::string> owned = {"modules/"};
      for (const auto& t : c.model->targets) {
        for (auto& d : target_directories(t.id())) owned.push_back(std::move(d));
      }
      write.owns = [owned](const std::string& path) {
        for (const auto& prefix : owned) {
          if (path.rfind(prefix, 0) == 0) return true;
        }
        return false;
      };
    }
    std::vector<std::string> paths;
    paths.reserve(c.output.size() + 1);
    for (const auto& f : c.output) paths.push_back(f.path);
    paths.push_back(kManifestName);
    report = write_output_tree(c.output_dir, std::move(c.output), write);
    if (!report.error.empty() && interrupted()) {
      io.err << "infrac: interrupted; the previous output is unchanged\n";
      return 128 + interrupt_signal();
    }
    // Only a build with nothing to say but waived findings is cached: the fast path repeats
    // their count, never a warning or an error.
    if (report.error.empty() && run->diagnostics.empty() && counts.errors == 0 &&
        counts.warnings == 0 && fingerprint && write.owns == nullptr) {
      record_build(root, options_key, *fingerprint, c.output_dir, c.model->targets.size(),
                   counts.waived, paths);
    }
    if (!report.error.empty()) {
      Diagnostic d{report.refused ? DiagCode::kOutputNotOurs : DiagCode::kOutputWrite,
                   Severity::Error,
                   {},
                   report.error,
                   {},
                   {}};
      d.help = report.refused ? "choose another --out, or empty the directory"
                              : "the previous output is unchanged";
      run->diagnostics.push_back(std::move(d));
      ++run->errors;
    } else {
      wrote = true;
    }
  }

  std::string shown_dir = display_path(c.output_dir, std::filesystem::current_path());
  std::size_t targets = c.model ? c.model->targets.size() : 0;
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run->diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
    auto& violations = j["violations"] = nlohmann::ordered_json::array();
    for (const auto& f : c.findings) violations.push_back(finding_json(f, c.files));
    j["output"] = shown_dir;
    j["targets"] = wrote ? targets : 0;
    j["files"] = {
        {"written", report.written}, {"unchanged", report.unchanged}, {"removed", report.removed}};
    j["summary"] = {{"errors", run->errors},
                    {"warnings", run->warnings + counts.warnings},
                    {"waived", counts.waived}};
    io.out << j.dump(2) << "\n";
  } else {
    print_diagnostics_text(*run, options, io);
    print_findings_text(c.findings, c.files, options, io);
    if (!options.quiet && wrote) {
      io.err << "infrac: built " << targets << " target" << (targets == 1 ? "" : "s") << " into "
             << shown_dir << "/: " << report.written << " file" << (report.written == 1 ? "" : "s")
             << " written, " << report.unchanged << " unchanged, " << report.removed
             << " removed\n";
    } else if (!options.quiet && run->errors) {
      io.err << "infrac: " << run->errors << " error" << (run->errors == 1 ? "" : "s")
             << "; nothing written\n";
    }
  }
  return run->errors ? kExitFailure : kExitOk;
}

}  // namespace infrac
