// The External Secrets store of one namespace: a namespaced SecretStore that authenticates as
// that namespace's own secret reader (the ServiceAccount `external-secrets`, bound to the
// namespace's cloud identity). Every namespace with ExternalSecrets gets its own store
// (lower/k8s_lower.cpp for a service's, lower/platform_lower.cpp for infrac-system), so an
// ExternalSecret can only ever read with the identity of the namespace it lives in: a
// SecretStore is usable only from its own namespace, and its serviceAccountRef names a
// ServiceAccount of that namespace (https://external-secrets.io/latest/api/secretstore/).
// No cluster-scoped store exists for a namespace to borrow another's credentials through.
// Tested by tests/unit/platform_test.cpp, the goldens (tests/golden/acme-build) and the
// conformance check (its SecretStore schema).
#pragma once

#include <string>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// spec of the store: Secrets Manager of the environment's region (AWS, IRSA through the
// reader's projected token) or Secret Manager of its project (Google Cloud, GKE Workload
// Identity of the reader).
KValue secret_store_spec(const Project& project, const Environment& env, const std::string& reader);

}  // namespace infrac
