#include "policy/exception_checks.h"

#include <algorithm>
#include <set>
#include <string>

#include "base/did_you_mean.h"

namespace infrac {
namespace {

std::string listed(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 8; ++i) {
    out += (i ? ", " : "") + std::string(names[i]);
  }
  return names.size() > 8 ? out + ", ..." : out;
}

void unknown(Diagnostics& diagnostics, Location at, const std::string& what,
             const std::string& name, const std::vector<std::string_view>& known) {
  Diagnostic& d = diagnostics.add(
      DiagCode::kExceptionUnknownScope, at,
      "exception names " + what + " '" + name + "', which the project does not have");
  std::string hint = did_you_mean(name, known);
  d.help = hint.empty() ? what + "s: " + listed(known) : hint;
}

}  // namespace

void check_exception_scope(const PolicySet& policies, const Model& model,
                           Diagnostics& diagnostics) {
  std::vector<std::string_view> services, targets, teams;
  for (const auto& s : model.services) services.push_back(s.name);
  std::vector<std::string> target_ids;
  for (const auto& e : model.project.environments) {
    for (const auto& s : model.services) target_ids.push_back(e.name + "/" + s.name);
  }
  for (const auto& t : target_ids) targets.push_back(t);
  for (const auto& t : model.project.teams) teams.push_back(t);

  for (const auto& x : policies.exceptions) {
    if (!teams.empty() && std::find(teams.begin(), teams.end(), x.owner) == teams.end()) {
      unknown(diagnostics, x.owner_location, "owner team", x.owner, teams);
    }
    for (std::size_t i = 0; i < x.services.size(); ++i) {
      if (std::find(services.begin(), services.end(), x.services[i]) == services.end()) {
        unknown(diagnostics, x.service_locations[i], "service", x.services[i], services);
      }
    }
    for (std::size_t i = 0; i < x.targets.size(); ++i) {
      if (std::find(targets.begin(), targets.end(), x.targets[i]) == targets.end()) {
        unknown(diagnostics, x.target_locations[i], "target", x.targets[i], targets);
      }
    }
  }
}

void report_unused_exceptions(const PolicySet& policies, const std::vector<Finding>& findings,
                              Diagnostics& diagnostics) {
  std::set<const PolicyException*> used;
  for (const auto& f : findings) {
    if (f.exception) used.insert(f.exception);
  }
  for (const auto& x : policies.exceptions) {
    if (x.expired || used.count(&x)) continue;
    Diagnostic& d = diagnostics.add(DiagCode::kExceptionUnused, x.rule_location,
                                    "exception for " + x.rule + " waived nothing in this run");
    d.help = "the finding is fixed: remove the exception (or narrow its services and targets)";
  }
}

}  // namespace infrac
