#include "policy/reachability_json.h"

namespace infrac {

nlohmann::ordered_json paths_json(const std::vector<Path>& paths) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& p : paths) {
    out.push_back({{"from", p.from},
                   {"to", p.to},
                   {"port", p.port},
                   {"protocol", p.protocol},
                   {"why", p.why}});
  }
  return out;
}

}  // namespace infrac
