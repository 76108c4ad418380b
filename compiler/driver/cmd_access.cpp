// `infrac access ENV [SERVICE]`: the environment's workloads compiled in memory and their
// NetworkPolicies evaluated as the cluster would (policy/reachability.h): what each workload
// can reach, every need that is blocked, every path open to a service that is not a
// dependency. Exit 1 when either list is not empty.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "driver/commands.h"
#include "policy/reachability.h"

namespace infrac {
namespace {

nlohmann::ordered_json paths_json(const std::vector<Path>& paths, const std::string& service) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& p : paths) {
    if (!service.empty() && p.from.rfind(service + "/", 0) != 0 &&
        p.to.rfind(service + "/", 0) != 0)
      continue;
    out.push_back({{"from", p.from},
                   {"to", p.to},
                   {"port", p.port},
                   {"protocol", p.protocol},
                   {"why", p.why}});
  }
  return out;
}

void print_paths(const char* title, const std::vector<Path>& paths, const std::string& service,
                 std::ostream& out) {
  bool any = false;
  for (const auto& p : paths) {
    if (!service.empty() && p.from.rfind(service + "/", 0) != 0 &&
        p.to.rfind(service + "/", 0) != 0)
      continue;
    if (!any) out << title << ":\n";
    any = true;
    out << "  " << p.from << " -> " << p.to << " " << p.port << "/" << p.protocol << "  (" << p.why
        << ")\n";
  }
}

}  // namespace

int cmd_access(const CommonOptions& options, const std::string& env, const std::string& service,
               Io io) {
  CommonOptions scoped = options;
  scoped.envs = {env};
  scoped.services.clear();  // the whole environment: every policy shapes every path
  std::optional<CompileRun> run =
      run_compile(scoped, Stage::Lower, io, [](CompileOptions& c) { c.keep_targets = true; });
  if (!run) return kExitUsage;
  print_diagnostics_text(*run, options, io);
  const Compilation& c = *run->compilation;
  if (!c.model || run->errors) return kExitFailure;
  if (!service.empty() && !c.model->has_service(service)) {
    io.err << "infrac: error: no service '" << service << "'\n";
    return kExitUsage;
  }
  PlatformPods platform;
  platform.gateway_namespace = c.model->project.kubernetes.gateway_namespace;
  platform.scraper_namespace = c.model->project.observability.prometheus_namespace;
  AccessReport report = evaluate_access(*c.model, env, c.target_irs, platform);
  bool clean = paths_json(report.blocked_needs, service).empty() &&
               paths_json(report.to_non_dependencies, service).empty();
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["env"] = env;
    j["workloads"] = report.pods.size();
    j["open"] = paths_json(report.open, service);
    j["blocked_needs"] = paths_json(report.blocked_needs, service);
    j["to_non_dependencies"] = paths_json(report.to_non_dependencies, service);
    io.out << j.dump(2) << "\n";
  } else {
    print_paths("open", report.open, service, io.out);
    print_paths("blocked needs", report.blocked_needs, service, io.out);
    print_paths("open to a service that is not a dependency", report.to_non_dependencies, service,
                io.out);
    if (!options.quiet) {
      io.err << "infrac: " << env << ": " << report.pods.size() << " workloads, "
             << paths_json(report.open, service).size() << " open paths between namespaces, "
             << paths_json(report.blocked_needs, service).size() << " blocked needs, "
             << paths_json(report.to_non_dependencies, service).size()
             << " paths to non-dependencies\n";
    }
  }
  return clean ? kExitOk : kExitFailure;
}

}  // namespace infrac
