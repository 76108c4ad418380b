// The proof `infrac import` gives that the rebuilt services still call each other: every call
// found in the input (adopt/import_specs.h, Call) is looked up in the rebuilt output as the
// reachability evaluator reads its NetworkPolicies (policy/reachability.h): allowed from every
// pod of the caller to the callee's serving port, blocked (with the evaluator's reason or why
// the call was not recovered), or moved to a managed datastore outside the cluster. Paths the
// rebuilt policies open between services that no call of the input asks for are listed too.
// Tested by tests/cli/import_calls_test.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "adopt/import_specs.h"
#include "ir/target_output.h"
#include "policy/reachability.h"
#include "resolve/model.h"

namespace infrac {

struct CallCheck {
  // allowed | blocked | broken (the path is open, but the port the caller uses is not
  // served: a host alone with a port of its own) | moved (to a managed datastore) |
  // unresolved (names no Service of the input: kept as a plain value)
  std::string status;
  std::string rebuilt;   // what the caller reads now: the variable's value, or the datastore's
                         // variables
  int rebuilt_port = 0;  // the port the call lands on now (0 when not known)
  std::string why;
};

struct CallProof {
  std::vector<CallCheck> calls;    // one per ImportResult::calls, in that order
  std::vector<Path> extra;         // open, and no call of the input asks for it
  std::vector<Path> blocked;       // needs the evaluator finds blocked (DNS, public traffic, calls)
  std::size_t platform_paths = 0;  // open from the gateway and the scraper, as they need
  std::size_t service_calls = 0, recovered = 0, allowed = 0;  // calls between services
};

CallProof prove_calls(const ImportResult& result, const Model& model, const std::string& env,
                      const std::map<std::string, TargetOutput>& outputs);

}  // namespace infrac
