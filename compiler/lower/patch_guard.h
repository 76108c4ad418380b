// What a patch may not take away: the guarantees infrac's objects carry. Given an object
// before and after a patch, lists each way the patched object is weaker:
// - pod security, per container (by name; a new container is held to the main one):
//   privileged, allowPrivilegeEscalation, capabilities beyond NET_BIND_SERVICE or no longer
//   dropping ALL, runAsNonRoot / runAsUser 0, a seccomp profile other than RuntimeDefault or
//   Localhost, a writable root file system;
// - the pod: hostNetwork, hostPID, hostIPC, hostPath volumes, its service account and token;
// - selection: a workload selector that no longer matches its pod template, pod labels under
//   app.kubernetes.io/ or infrac.dev/ (Services and NetworkPolicies select by them);
// - whole objects: any change to a NetworkPolicy or a ServiceAccount, a Namespace's
//   pod-security.kubernetes.io/ labels, which secrets an ExternalSecret or SecretStore reads.
// Everything else a patch changes is allowed. Tightening (dropping a capability, turning on
// a read-only root file system) is never reported.
// Tested by tests/unit/patches_test.cpp and tests/corpus/invalid (E0153).
#pragma once

#include <string>
#include <vector>

#include "ir/k8s_ir.h"

namespace infrac {

struct Weakening {
  std::string what;  // "sets privileged: true on container api"
  // The value that weakens it, when the patched object still has one (its origin may point
  // into the patch).
  const KValue* value = nullptr;
};

// `after` is `before`'s body after a patch; the pointers point into `after`.
std::vector<Weakening> weakenings(const KObject& before, const KValue& after);

}  // namespace infrac
