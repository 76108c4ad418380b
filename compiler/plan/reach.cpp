#include "plan/reach.h"

namespace infrac {

std::optional<std::set<std::string>> changed_services(const std::vector<std::string>& inputs) {
  std::set<std::string> out;
  for (const auto& f : inputs) {
    std::size_t slash = f.find('/', 9);
    if (f.rfind("services/", 0) != 0 || slash == std::string::npos) return std::nullopt;
    out.insert(f.substr(9, slash - 9));
  }
  return out;
}

std::set<std::string> reached_targets(const std::set<std::string>& changed, const Model* base,
                                      const Model* head) {
  std::set<std::string> out;
  for (const Model* m : {base, head}) {
    if (!m) continue;
    for (const auto& t : m->targets) {
      bool reached = changed.count(t.service) > 0;
      for (const auto& d : t.dependencies) reached = reached || changed.count(d.service);
      for (const auto& c : t.callers) reached = reached || changed.count(c);
      if (reached) out.insert(t.id());
    }
  }
  return out;
}

}  // namespace infrac
