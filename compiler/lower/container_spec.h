// What every container infrac writes shares, whatever its component: the health probes of
// its type, the preStop sleep of serving pods and the restricted security context. Kept
// apart from k8s_lower.cpp, which decides which objects exist; these decide how a
// container behaves while it starts, serves and stops.
// Tested by tests/cli/build_test.cpp (acme goldens) and tests/tooling/output.test.mjs
// (restricted pod security, probes against the strict Kubernetes schemas).
#pragma once

#include <string>

#include "ir/k8s_ir.h"
#include "resolve/model.h"

namespace infrac {

// The serving port (http, grpc), a worker's health port, and the metrics port when it is one
// of its own.
KValue container_ports(const Component& c, bool own_metrics_port);

// Requests of CPU and memory, and a memory limit equal to the memory request (docs/output.md).
// requests.cpu, requests.memory and limits.memory (memory_limit: the request unless the spec
// raises it).
KValue container_resources(const Component& c, Location cpu_at, Location memory_at,
                           Location limit_at);
// The pod's securityContext: non-root as the component's numeric user and group (security,
// stdlib 65532), so an image whose USER is root or a name runs too; RuntimeDefault seccomp.
KValue pod_security_context(const Component& c);

// Pod Security "restricted" for one container, plus a read-only root file system.
KValue restricted_security_context();

// How the container starts, serves and stops: its type's probes, the preStop sleep, the
// restricted security context and the writable /tmp.
void add_runtime_settings(const Component& c, KValue& container);

}  // namespace infrac
