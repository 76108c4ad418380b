// The parts of a service spec read one entry at a time: a component, a datastore, the egress
// list. Each takes its stdlib defaults and reports fields that do not apply to its type
// (E0114) or combinations the schema cannot express (E0105), at the field.
// Tested by tests/cli/corpus_test.cpp (tests/corpus/invalid) and the stage corpus
// (tests/corpus/stages/resolve).
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

// E0155 across a service's components: one's metrics port is another's serving port (the
// scraper's NetworkPolicy rule, namespace-wide, would open that API to it).
void check_metrics_ports_across(const std::vector<Component>& components, Diagnostics& diagnostics);

// The project's spec.observability.metrics.via and where it was written (unknown: stdlib's).
struct MetricsDefault {
  MetricsVia via = MetricsVia::Prometheus;
  Location location;
};

// `service_security` is the service's spec.security (null when absent): a component without
// its own takes it. A component whose metrics do not say `via` takes `metrics_default`'s;
// port or path with via otlp is E0172.
Component build_component(const MapEntry& entry, const Node* service_security,
                          const MetricsDefault& metrics_default, Diagnostics& diagnostics);
Datastore build_datastore(const MapEntry& entry, Diagnostics& diagnostics);
std::vector<Egress> build_egress(const Node& spec, Diagnostics& diagnostics);
// spec.slo against the service's components (sorted by name): E0146 when nothing can be
// measured. Nothing when the spec has no slo.
std::optional<Slo> build_slo(const Node& spec, const std::vector<Component>& components,
                             Diagnostics& diagnostics);

}  // namespace infrac
