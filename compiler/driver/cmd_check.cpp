#include <nlohmann/json.hpp>

#include "driver/commands.h"
#include "driver/dump.h"
#include "report/diagnostic_render.h"

namespace infrac {

int cmd_check(const CommonOptions& options, Io io) {
  // Through lowering: generated names and module calls are checked there.
  Stage stop = Stage::Lower;
  if (!options.stop_after.empty()) {
    auto stage = stage_named(options.stop_after);
    if (!stage) {
      io.err << "infrac: error: --stop-after " << options.stop_after << ": unknown stage\n";
      return kExitUsage;
    }
    stop = *stage;
  }
  std::optional<CompileRun> run = run_compile(options, stop, io);
  if (!run) return kExitUsage;
  const Compilation& c = *run->compilation;

  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["format_version"] = "1.0";
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run->diagnostics) diagnostics.push_back(diagnostic_json(d, c.files));
    j["violations"] = nlohmann::ordered_json::array();
    j["summary"] = {{"errors", run->errors}, {"warnings", run->warnings}, {"waived", 0}};
    io.out << j.dump(2) << "\n";
  } else {
    print_diagnostics_text(*run, options, io);
    if (!options.dump.empty()) {
      if (options.dump != "resolve") {
        io.err << "infrac: error: --dump " << options.dump << ": only 'resolve' can be dumped\n";
        return kExitUsage;
      }
      if (c.model) io.out << dump_model(*c.model, c.files).dump(2) << "\n";
    }
    if (!options.quiet) {
      std::size_t services = c.repository.services.size();
      std::size_t targets = c.model ? c.model->targets.size() : 0;
      if (run->errors == 0) {
        io.err << "infrac: checked " << services << " service" << (services == 1 ? "" : "s") << " ("
               << targets << " target" << (targets == 1 ? "" : "s") << "): "
               << (run->warnings ? std::to_string(run->warnings) + " warning(s)" : "no problems")
               << "\n";
      } else {
        io.err << "infrac: " << run->errors << " error" << (run->errors == 1 ? "" : "s") << ", "
               << run->warnings << " warning" << (run->warnings == 1 ? "" : "s") << "\n";
      }
    }
  }
  return run->errors ? kExitFailure : kExitOk;
}

}  // namespace infrac
