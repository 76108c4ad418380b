// `infrac schema`, `infrac graph` and `infrac version`.
#include <fmt/format.h>

#include <map>
#include <set>

#include "driver/commands.h"
#include "hcl/syntax_tree.h"
#include "report/diagnostic_render.h"
#include "spec/json_schema.h"
#include "spec/timezones.h"

#ifndef INFRAC_VERSION
#define INFRAC_VERSION "0.0.0"
#endif
#ifndef INFRAC_YAML_CPP_VERSION
#define INFRAC_YAML_CPP_VERSION "unknown"
#endif
#ifndef INFRAC_RE2_VERSION
#define INFRAC_RE2_VERSION "unknown"
#endif

namespace infrac {

int cmd_schema(const std::string& which, const std::string& draft, Io io) {
  if (which != "" && which != "service" && which != "project") {
    io.err << "infrac: error: schema " << which << ": expected service or project\n";
    return kExitUsage;
  }
  SchemaDraft d;
  if (draft == "2020-12")
    d = SchemaDraft::Draft2020_12;
  else if (draft == "7" || draft == "draft-07")
    d = SchemaDraft::Draft7;
  else {
    io.err << "infrac: error: --draft " << draft << ": expected 2020-12 or 7\n";
    return kExitUsage;
  }
  io.out << json_schema(which, d).dump(2) << "\n";
  return kExitOk;
}

int cmd_graph(const CommonOptions& options, Io io) {
  std::optional<CompileRun> run = run_compile(options, Stage::Resolve, io);
  if (!run) return kExitUsage;
  if (options.format == "json" && !run->compilation->model) {
    // Commands that load specs report input errors in the JSON shape of cli.md.
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto& diagnostics = j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : run->diagnostics) {
      diagnostics.push_back(diagnostic_json(d, run->compilation->files));
    }
    io.out << j.dump(2) << "\n";
    return kExitFailure;
  }
  print_diagnostics_text(*run, options, io);
  if (!run->compilation->model) return kExitFailure;
  const Model& model = *run->compilation->model;
  std::string env =
      options.envs.empty() ? model.project.environments.front().name : options.envs.front();
  std::vector<const Target*> targets;
  for (const auto& t : model.targets) {
    if (t.env == env && run->compilation->is_selected(t)) targets.push_back(&t);
  }
  auto id = [](std::string name) {
    for (char& c : name) c = c == '-' ? '_' : c;
    return name;
  };
  if (options.format == "mermaid" || options.format == "text") {
    io.out << "graph LR\n";
    for (const Target* t : targets) {
      io.out << "  " << id(t->service) << "[\"" << t->service << "\"]\n";
    }
    for (const Target* t : targets) {
      for (const auto& d : t->dependencies) {
        io.out << "  " << id(t->service) << " --> " << id(d.service) << "\n";
      }
    }
  } else if (options.format == "dot") {
    io.out << "digraph infrac {\n  rankdir=LR;\n";
    for (const Target* t : targets) io.out << "  \"" << t->service << "\";\n";
    for (const Target* t : targets) {
      for (const auto& d : t->dependencies) {
        io.out << "  \"" << t->service << "\" -> \"" << d.service << "\";\n";
      }
    }
    io.out << "}\n";
  } else if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["env"] = env;
    auto& services = j["services"] = nlohmann::ordered_json::array();
    auto& edges = j["edges"] = nlohmann::ordered_json::array();
    for (const Target* t : targets) {
      nlohmann::ordered_json s = {{"name", t->service},
                                  {"team", t->team},
                                  {"tier", t->tier},
                                  {"internal_url", t->internal_url}};
      if (t->public_url) s["public_url"] = t->public_url->url;
      services.push_back(std::move(s));
      for (const auto& d : t->dependencies) {
        edges.push_back({{"from", t->service}, {"to", d.service}, {"env_var", d.env_name}});
      }
    }
    io.out << j.dump(2) << "\n";
  } else {
    io.err << "infrac: error: --format " << options.format << ": expected mermaid, dot or json\n";
    return kExitUsage;
  }
  return kExitOk;
}

int cmd_version(Io io) {
  io.out << "infrac " << INFRAC_VERSION << "\n"
         << "  yaml-cpp      " << INFRAC_YAML_CPP_VERSION << "\n"
         << "  nlohmann-json " << NLOHMANN_JSON_VERSION_MAJOR << "." << NLOHMANN_JSON_VERSION_MINOR
         << "." << NLOHMANN_JSON_VERSION_PATCH << "\n"
         << "  re2           " << INFRAC_RE2_VERSION << "\n"
         << "  fmt           " << FMT_VERSION / 10000 << "." << FMT_VERSION / 100 % 100 << "."
         << FMT_VERSION % 100 << "\n"
         << "  CLI11         " << cli_parser_version() << "\n"
         << "  tree-sitter   " << tree_sitter_versions() << "\n"
         << "  tzdata        " << tzdata_version() << "\n";
  return kExitOk;
}

}  // namespace infrac
