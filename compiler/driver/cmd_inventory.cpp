// `infrac inventory DIR...`: what hand-written Terraform declares, per file (every top-level
// block) and per item (resources, data sources, module calls, providers with their addresses),
// plus each directory's module interface. Works outside an infrac repository.
#include <nlohmann/json.hpp>

#include "base/parallel.h"
#include "driver/commands.h"
#include "hcl/inventory.h"
#include "report/diagnostic_render.h"

namespace infrac {

int cmd_inventory(const CommonOptions& options, const std::vector<std::string>& dirs, Io io) {
  namespace fs = std::filesystem;
  if (options.format != "text" && options.format != "json") {
    io.err << "infrac: error: --format " << options.format << ": inventory writes text or json\n";
    return kExitUsage;
  }
  std::vector<fs::path> paths;
  for (const auto& d : dirs) paths.emplace_back(d);
  SourceFiles files;
  Diagnostics diagnostics;
  TerraformInventory inv = read_terraform(paths, fs::current_path(), files, diagnostics,
                                          options.jobs ? options.jobs : default_jobs());
  auto sorted = diagnostics.sorted(files);
  bool failed = diagnostics.has_errors();

  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto& ds = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : sorted) ds.push_back(diagnostic_json(d, files));
    auto& jf = j["files"] = nlohmann::ordered_json::array();
    std::map<std::string, std::vector<const HclFile*>> by_directory;
    for (const auto& f : inv.files) {
      nlohmann::ordered_json x;
      x["path"] = f.path;
      x["parsed"] = f.parsed;
      auto& blocks = x["blocks"] = nlohmann::ordered_json::array();
      for (const auto& b : f.model.body.blocks) {
        blocks.push_back({{"type", b.type},
                          {"labels", b.labels},
                          {"line", b.span.location.line},
                          {"column", b.span.location.column}});
      }
      x["attributes"] = f.model.body.attributes.size();
      x["comments"] = f.model.comments.size();
      jf.push_back(std::move(x));
      if (f.parsed) by_directory[f.directory].push_back(&f.model);
    }
    auto& items = j["items"] = nlohmann::ordered_json::array();
    for (const auto& it : inv.items) {
      const Location& at = it.block->span.location;
      items.push_back({{"kind", it.kind},
                       {"address", it.address},
                       {"directory", it.directory},
                       {"file", inv.files[it.file].path},
                       {"line", at.line},
                       {"column", at.column}});
    }
    auto& modules = j["modules"] = nlohmann::ordered_json::array();
    for (const auto& [dir, models] : by_directory) {
      ModuleInterface iface = module_interface(models, dir);
      if (iface.variables.empty() && iface.outputs.empty()) continue;
      nlohmann::ordered_json m;
      m["directory"] = dir;
      auto& vars = m["variables"] = nlohmann::ordered_json::array();
      for (const auto& v : iface.variables) {
        vars.push_back({{"name", v.name},
                        {"required", v.required()},
                        {"type", v.type_source.empty() ? "any" : describe(v.type)},
                        {"validation", v.has_validation},
                        {"description", v.description}});
      }
      auto& outs = m["outputs"] = nlohmann::ordered_json::array();
      for (const auto& o : iface.outputs) outs.push_back(o.name);
      modules.push_back(std::move(m));
    }
    j["summary"] = {
        {"files", inv.files.size()}, {"blocks", inv.blocks}, {"items", inv.items.size()}};
    io.out << j.dump(2) << "\n";
  } else {
    for (const auto& d : sorted) io.err << render_text(d, files, TextStyle{io.color});
    for (const auto& it : inv.items) {
      const Location& at = it.block->span.location;
      io.out << inv.files[it.file].path << ":" << at.line << ":" << at.column << ": " << it.address
             << "\n";
    }
    if (!options.quiet) {
      io.err << inv.files.size() << " files, " << inv.blocks << " blocks, " << inv.items.size()
             << " resources, data sources, module calls and providers\n";
    }
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace infrac
