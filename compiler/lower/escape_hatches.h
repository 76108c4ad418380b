// Lowering of a component's kubernetes: escape hatch into its pod template: extra containers
// (restricted exactly like the main one: non-root, no privilege escalation, every capability
// dropped, read-only root file system, requests and a memory limit), a node selector and
// tolerations. Annotations and labels go onto the pod template in k8s_lower.cpp. Every use is
// reported by the escape.* policy rules (policies/escape.yaml).
// Tested by tests/cli/adoption_test.cpp and tests/tooling/output.test.mjs (strict schemas).
#pragma once

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// A sidecar as a native sidecar container (an entry of initContainers with restartPolicy
// Always), restricted like the main container.
KValue sidecar_container(const Sidecar& sidecar);
// nodeSelector and tolerations of the pod spec, when the escape hatch sets them.
void add_scheduling(const KubernetesEscape& escape, KValue& pod_spec);

}  // namespace infrac
