// `infrac access ENV [SERVICE]`: the environment's workloads compiled in memory and their
// NetworkPolicies evaluated as the cluster would (policy/reachability.h): what each workload
// can reach, every need that is blocked, every path open to a service that is not a
// dependency. Exit 1 when either list is not empty.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "base/did_you_mean.h"
#include "driver/commands.h"
#include "policy/reachability.h"
#include "policy/reachability_json.h"

namespace infrac {
namespace {

// The paths from or to `service` (every path when it is empty).
std::vector<Path> touching(const std::vector<Path>& paths, const std::string& service) {
  if (service.empty()) return paths;
  std::vector<Path> out;
  for (const auto& p : paths) {
    if (p.from.rfind(service + "/", 0) == 0 || p.to.rfind(service + "/", 0) == 0) out.push_back(p);
  }
  return out;
}

void print_paths(const char* title, const std::vector<Path>& paths, std::ostream& out) {
  if (!paths.empty()) out << title << ":\n";
  for (const auto& p : paths) {
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
    std::vector<std::string_view> names;
    for (const auto& t : c.model->targets) names.push_back(t.service);
    std::string hint = did_you_mean(service, names);
    io.err << "infrac: error: no service '" << service << "'"
           << (hint.empty() ? "" : " (" + hint + ")") << "\n";
    return kExitUsage;
  }
  AccessReport report = evaluate_access(*c.model, env, c.target_irs, c.platforms);
  std::vector<Path> open = touching(report.open, service);
  std::vector<Path> blocked = touching(report.blocked_needs, service);
  std::vector<Path> too_open = touching(report.to_non_dependencies, service);
  std::vector<Path> outside = touching(report.outside, service);
  bool clean = blocked.empty() && too_open.empty();
  if (options.format == "json") {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["env"] = env;
    j["workloads"] = report.pods.size();
    j["open"] = paths_json(open);
    j["blocked_needs"] = paths_json(blocked);
    j["to_non_dependencies"] = paths_json(too_open);
    j["outside"] = paths_json(outside);
    io.out << j.dump(2) << "\n";
  } else {
    print_paths("open", open, io.out);
    print_paths("open to addresses outside the cluster", outside, io.out);
    print_paths("blocked needs", blocked, io.out);
    print_paths("open to a service that is not a dependency", too_open, io.out);
    if (!options.quiet) {
      io.err << "infrac: " << env << ": " << report.pods.size() << " workloads, " << open.size()
             << " open paths between namespaces, " << outside.size()
             << " rules to addresses outside the cluster, " << blocked.size() << " blocked needs, "
             << too_open.size() << " paths to non-dependencies\n";
    }
  }
  return clean ? kExitOk : kExitFailure;
}

}  // namespace infrac
