#include "plan/risk_inputs.h"

#include <algorithm>

namespace infrac {

std::string cited(const RiskInputs& in, const Location& at, Side side, const std::string& words) {
  SourceRef ref = in.cite ? in.cite(at, side) : SourceRef{};
  if (!ref.known()) return {};
  return " (" + words + " " + ref.path + ":" + std::to_string(ref.line) +
         (side == Side::Base ? " on the base)" : ")");
}

const Datastore* datastore_at(const Target* target, const std::string& address) {
  if (!target) return nullptr;
  for (const auto& ds : target->datastores) {
    std::string id = ds.name;
    std::replace(id.begin(), id.end(), '-', '_');
    if (address == "module." + id) return &ds;
  }
  return nullptr;
}

}  // namespace infrac
