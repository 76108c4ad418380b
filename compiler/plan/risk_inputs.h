// What the risks of one target read: both sides' items and objects, both sides' targets, and
// how a location is cited from the side it came from (a removed grant cites the base's file).
// Read by risks.cpp, access_risks.cpp, network_risks.cpp and run_risks.cpp.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ir/k8s_ir.h"
#include "plan/items.h"
#include "plan/plan.h"
#include "resolve/model.h"

namespace infrac {

enum class Side { Base, Head };

struct RiskInputs {
  const Items& tf_before;
  const Items& tf_after;
  const Items& k_before;
  const Items& k_after;
  const std::vector<KObject>& objects_before;
  const std::vector<KObject>& objects_after;
  const Target* base = nullptr;  // null when the target is added
  const Target* head = nullptr;  // null when the target is removed
  bool production = false;
  std::function<SourceRef(const Location&, Side)> cite;
  // The head's moved {} blocks (module.database -> module.db): a base reference to the old
  // address is the same object as the head's to the new one.
  std::map<std::string, std::string> moves{};
};

// " (WORDS services/x/service.yaml:38)", "... on the base)" for the base's lines; ""
// when the location is unknown.
std::string cited(const RiskInputs& in, const Location& at, Side side, const std::string& words);

// The datastore of `target` whose module call is `address` (module.<name, '-' as '_'>), or null:
// what resize and major-upgrade risks read the spec's intent from.
const Datastore* datastore_at(const Target* target, const std::string& address);

}  // namespace infrac
