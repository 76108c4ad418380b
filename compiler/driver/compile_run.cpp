#include <filesystem>

#include "driver/cli_host.h"
#include "driver/commands.h"
#include "report/diagnostic_render.h"
#include "report/findings_render.h"
#include "spec/schema.h"
#include "spec/validate.h"

namespace infrac {

std::optional<CompileRun> run_compile(const CommonOptions& options, Stage stop_after, Io io,
                                      const std::function<void(CompileOptions&)>& adjust) {
  CompileOptions compile_options;
  compile_options.host = cli_host();
  std::optional<std::filesystem::path> root = repository_root(options.root);
  if (!root) {
    io.err << "infrac: error[" << info(DiagCode::kNoProject).code << "]: no infrac.yaml found "
           << (options.root.empty() ? "in this directory or any parent" : "in " + options.root)
           << "\nhelp: run `infrac init` to create one, or pass --root DIR\n";
    return std::nullopt;
  }
  compile_options.root = *root;
  compile_options.jobs = options.jobs;
  compile_options.stop_after = stop_after;
  compile_options.spec_cache = true;
  compile_options.envs = options.envs;
  compile_options.services = options.services;
  compile_options.lower.image_tag = options.image_tag;
  compile_options.lower.image_digest = options.image_digest;
  if (!options.out.empty()) {
    compile_options.output_dir = std::filesystem::absolute(options.out).lexically_normal();
  }
  if (adjust) adjust(compile_options);
  CompileRun run;
  run.compilation = compile(compile_options);
  if (!run.compilation->filter_error.empty()) {
    io.err << "infrac: error: " << run.compilation->filter_error << "\n";
    return std::nullopt;
  }
  collect_diagnostics(run);
  return run;
}

void collect_diagnostics(CompileRun& run) {
  run.diagnostics = run.compilation->diagnostics.sorted(run.compilation->files);
  run.errors = run.warnings = 0;
  for (const auto& d : run.diagnostics) {
    (d.severity == Severity::Error ? run.errors : run.warnings) += 1;
  }
}

void print_diagnostics_text(const CompileRun& run, const CommonOptions& options, Io io) {
  std::size_t shown = 0;
  for (const auto& d : run.diagnostics) {
    if (options.quiet && d.severity != Severity::Error) continue;
    if (shown == options.max_errors) break;
    io.err << render_text(d, run.compilation->files, TextStyle{io.color});
    ++shown;
  }
  if (shown < run.diagnostics.size() && !options.quiet) {
    io.err << "infrac: " << run.diagnostics.size() - shown << " more not shown (--max-errors)\n";
  }
}

}  // namespace infrac

namespace infrac {

FindingCounts count_findings(const std::vector<Finding>& findings) {
  FindingCounts counts;
  for (const auto& f : findings) {
    if (f.waived) {
      ++counts.waived;
    } else {
      (f.rule->severity == Severity::Error ? counts.errors : counts.warnings) += 1;
    }
  }
  return counts;
}

namespace {
// The same finding in several environments is printed once, naming every target.
bool printed_together(const Finding& a, const Finding& b) {
  return a.rule == b.rule && a.location == b.location && a.message == b.message &&
         a.waived == b.waived && a.address == b.address;
}
}  // namespace

FindingCounts count_printed_findings(const std::vector<Finding>& findings) {
  std::vector<Finding> firsts;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (i == 0 || !printed_together(findings[i - 1], findings[i])) firsts.push_back(findings[i]);
  }
  return count_findings(firsts);
}

void print_findings_text(const std::vector<Finding>& findings, const SourceFiles& files,
                         const CommonOptions& options, Io io) {
  std::size_t shown = 0;
  for (std::size_t i = 0; i < findings.size();) {
    const Finding& f = findings[i];
    std::size_t j = i + 1;
    Finding merged = f;
    while (j < findings.size() && printed_together(findings[j], f)) {
      merged.target += ", " + findings[j].target;
      ++j;
    }
    i = j;
    if (options.quiet && (f.waived || f.rule->severity != Severity::Error)) continue;
    if (shown == options.max_errors) break;
    io.err << finding_text(merged, files, TextStyle{io.color});
    ++shown;
  }
}

}  // namespace infrac
