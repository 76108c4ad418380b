// The two NetworkPolicies of a service's namespace: the target's needs (resolve/needs.h), one
// rule per need, inbound ones in the ingress policy and outbound ones in the default-deny
// egress policy (docs/platform.md, docs/security.md#egress). Tested by
// tests/corpus/stages/lower/*.txtar, the acme and shop-gcp golden builds and
// tests/tooling/output.test.mjs (default-deny egress in every namespace).
#pragma once

#include <string>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

KValue ingress_policy_spec(const Model& model, const Target& target);
KValue egress_policy_spec(const Model& model, const Target& target);
// The policy spec of any list of needs in one direction (the platform namespace's, too).
KValue needs_policy_spec(const std::vector<Need>& needs, bool inbound);
// The spec's egress hosts as "host:port,host:port" (a NetworkPolicy cannot name hosts, so
// they travel in an annotation for review and audit); empty when none.
std::string egress_hosts(const Target& target);
// The hosts of needs whose rule admits any public address on their ports (cloud APIs through
// NAT, spec egress hosts) as "host:port,...": a NetworkPolicy cannot name a host, so the
// policy says which hosts its wide rule is for (docs/platform.md#what-a-networkpolicy-cannot-name).
std::string hosts_not_enforced(const Target& target);

}  // namespace infrac
