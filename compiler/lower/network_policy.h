// The two NetworkPolicies of a service's namespace. Ingress: the service's own pods, the
// services that declare a dependency on it (to its serving ports) and, for the public
// component, the gateway; Prometheus's namespace to the metrics ports. Egress, default-deny: DNS,
// the namespace itself, declared dependencies, its own datastores' ports in private ranges, the
// telemetry collector, the cloud's APIs when it uses buckets or queues, and spec.egress
// (docs/security.md#egress). Tested by tests/corpus/stages/lower/*.txtar, the acme and shop-gcp
// golden builds and tests/tooling/output.test.mjs (default-deny egress in every namespace).
#pragma once

#include <string>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

KValue ingress_policy_spec(const Model& model, const Target& target);
KValue egress_policy_spec(const Model& model, const Target& target);
// The spec's egress hosts as "host:port,host:port" (a NetworkPolicy cannot name hosts, so
// they travel in an annotation for review and audit); empty when none.
std::string egress_hosts(const Target& target);

}  // namespace infrac
