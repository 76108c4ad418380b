#include "plan/risk_inputs.h"

namespace infrac {

std::string cited(const RiskInputs& in, const Location& at, Side side, const std::string& words) {
  SourceRef ref = in.cite ? in.cite(at, side) : SourceRef{};
  if (!ref.known()) return {};
  return " (" + words + " " + ref.path + ":" + std::to_string(ref.line) +
         (side == Side::Base ? " on the base)" : ")");
}

}  // namespace infrac
