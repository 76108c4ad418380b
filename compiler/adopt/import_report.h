// The report of `infrac import`, in text and JSON. It leads with what changes behaviour once
// the drafts replace the input: each call (allowed, blocked and why, broken at its port, or
// moved to a managed datastore) with the address the caller reads now, addresses left as
// they were, namespaces, ports, probes, in-cluster datastores and traffic from outside the
// cluster. Bookkeeping
// follows, summarised by kind (what infrac derives or writes another way); every field is in
// the JSON report.
// Tested by tests/cli/import_calls_test.cpp and tests/cli/import_test.cpp.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "adopt/call_proof.h"
#include "adopt/compare.h"
#include "adopt/import_specs.h"

namespace infrac {

struct ImportReport {
  const ImportResult& result;
  const std::map<std::string, std::vector<ObjectComparison>>& comparisons;  // by service
  const CallProof& proof;
};

// One behaviour change: kind is calls, addresses, namespaces, ports, probes, datastores or
// exposure (the order they are reported in).
struct BehaviourChange {
  std::string kind, subject, change;
};

std::vector<BehaviourChange> behaviour_changes(const ImportReport& r);

nlohmann::ordered_json import_report_json(const ImportReport& r);
void import_report_text(const ImportReport& r, std::ostream& out);

}  // namespace infrac
