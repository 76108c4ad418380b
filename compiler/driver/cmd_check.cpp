// `infrac check`: specs, then policies on every target's spec and generated output; reports
// in text, json, sarif, github or junit.
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "driver/commands.h"
#include "pipeline/dump.h"
#include "pipeline/terraform_check.h"
#include "report/diagnostic_render.h"
#include "report/findings_render.h"

namespace infrac {

namespace {

// json, sarif, junit and github: documents for tools, on stdout.
void print_check_report(const CompileRun& run, const FindingCounts& counts,
                        const CommonOptions& options, Io io) {
  const Compilation& c = *run.compilation;
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["format_version"] = "1.0";
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run.diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
    auto& violations = j["violations"] = nlohmann::ordered_json::array();
    for (const auto& f : c.findings) violations.push_back(finding_json(f, c.files));
    j["summary"] = {{"errors", run.errors + counts.errors},
                    {"warnings", run.warnings + counts.warnings},
                    {"waived", counts.waived}};
    io.out << j.dump(2) << "\n";
  } else if (options.format == "sarif") {
    io.out << sarif_report(run.diagnostics, c.findings, c.policies, c.files).dump(2) << "\n";
  } else if (options.format == "junit") {
    io.out << junit_report(run.diagnostics, c.findings, c.files);
  } else if (options.format == "github") {
    GithubReport report = github_report(run.diagnostics, c.findings, c.files);
    io.out << report.annotations;
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
      std::ofstream file(summary, std::ios::app);
      file << report.summary;
      if (!file)
        io.err << "infrac: warning: cannot append to GITHUB_STEP_SUMMARY (" << summary << ")\n";
    }
  }
}

// The closing line of the text form; it counts what was printed: a finding shown once for dev
// and prod is one.
void print_check_summary(const CompileRun& run, Io io) {
  const Compilation& c = *run.compilation;
  FindingCounts counts = count_printed_findings(c.findings);
  std::size_t errors = run.errors + counts.errors;
  std::size_t services = c.repository.services.size();
  std::size_t targets = c.selected.size();
  std::size_t warnings = run.warnings + counts.warnings;
  std::string waived = counts.waived ? ", " + std::to_string(counts.waived) + " waived" : "";
  if (errors == 0) {
    io.err << "infrac: checked " << services << " service" << (services == 1 ? "" : "s") << " ("
           << targets << " target" << (targets == 1 ? "" : "s") << ", " << c.policies.rules.size()
           << " rules): " << (warnings ? std::to_string(warnings) + " warning(s)" : "no problems")
           << waived << "\n";
  } else {
    io.err << "infrac: " << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings
           << " warning" << (warnings == 1 ? "" : "s") << waived << "\n";
  }
}

}  // namespace

int cmd_check(const CommonOptions& options, Io io) {
  // Through lowering and policies: generated names, module calls and output rules are checked.
  Stage stop = Stage::Policy;
  if (!options.stop_after.empty()) {
    auto stage = stage_named(options.stop_after);
    if (!stage) {
      io.err << "infrac: error: --stop-after " << options.stop_after << ": unknown stage\n";
      return kExitUsage;
    }
    stop = *stage;
  }
  if (!options.dump.empty() && options.dump != "resolve") {
    io.err << "infrac: error: --dump " << options.dump << ": only 'resolve' can be dumped\n";
    return kExitUsage;
  }
  std::optional<CompileRun> run = run_compile(options, stop, io);
  if (!run) return kExitUsage;
  // The services' own .tf files (services/<name>/terraform/) are always judged like
  // `--terraform` judges a directory: they land in the root modules as written.
  std::set<std::filesystem::path> own_dirs;
  if (run->compilation->model) {
    for (const auto& t : run->compilation->model->targets) {
      if (run->compilation->is_selected(t) && !t.extra_terraform.empty())
        own_dirs.insert(run->compilation->root / "services" / t.service / "terraform");
    }
  }
  if (!options.terraform_dirs.empty() || !own_dirs.empty()) {
    TerraformCheckOptions tf;
    tf.root = run->compilation->root;
    for (const auto& d : options.terraform_dirs)
      tf.dirs.push_back(std::filesystem::absolute(d).lexically_normal());
    for (const auto& d : own_dirs) tf.dirs.push_back(d.lexically_normal());
    tf.jobs = options.jobs;
    check_terraform(*run->compilation, tf);
    collect_diagnostics(*run);
  }
  const Compilation& c = *run->compilation;
  FindingCounts counts = count_findings(c.findings);
  if (options.format != "text") {
    print_check_report(*run, counts, options, io);
  } else {
    print_diagnostics_text(*run, options, io);
    print_findings_text(c.findings, c.files, options, io);
    if (!options.dump.empty() && c.model) io.out << dump_model(*c.model, c.selected, c.files).dump(2) << "\n";
    if (!options.quiet) print_check_summary(*run, io);
  }
  return run->errors + counts.errors ? kExitFailure : kExitOk;
}

}  // namespace infrac
