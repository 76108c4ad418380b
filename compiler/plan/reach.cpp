#include "plan/reach.h"

namespace infrac {

std::optional<std::set<std::string>> changed_services(const std::vector<std::string>& inputs) {
  std::set<std::string> out;
  for (const auto& f : inputs) {
    // services/<S>/... or services/<S> itself (a folder that came or went).
    if (f.rfind("services/", 0) != 0 || f.size() == 9) return std::nullopt;
    std::size_t slash = f.find('/', 9);
    out.insert(f.substr(9, slash == std::string::npos ? std::string::npos : slash - 9));
  }
  return out;
}

std::set<std::string> reached_targets(const std::set<std::string>& changed, const TargetGraph* base,
                                      const TargetGraph* head) {
  std::set<std::string> out;
  for (const TargetGraph* g : {base, head}) {
    if (!g) continue;
    for (auto& id : g->reached_by(changed)) out.insert(id);
  }
  return out;
}

}  // namespace infrac
