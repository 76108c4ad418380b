// What a service spec sets beyond infrac's derivations, and what it takes over: a component's
// kubernetes: escape hatch, extra IAM grants, queues of other services it publishes to, and
// renamed_from / adopt on datastores and components. Each is read here and checked where
// one spec suffices (a reserved label, an IAM grant of the other cloud, a previous name still
// in use); publishes is checked across services by resolve.cpp.
// Tested by tests/cli/adoption_test.cpp and tests/corpus/invalid (E0149-E0151).
#pragma once

#include <functional>
#include <vector>

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

using ImageResolver = std::function<Image(const Node&)>;

// components.<name>.kubernetes (nothing when absent); E0150 for reserved labels and sidecars
// named like the component.
KubernetesEscape build_kubernetes_escape(const Node& component, const std::string& name,
                                         const ImageResolver& image, Diagnostics& diagnostics);
// E0157 for a sidecar port another container of the component's pods already uses (the
// component's serving, health or metrics port, or an earlier sidecar's).
void check_pod_ports(const Component& c, Diagnostics& diagnostics);
// spec.iam: AWS grants need actions and resources, Google Cloud grants a role (E0150).
std::vector<IamGrant> build_iam(const Node& spec, Cloud cloud, Diagnostics& diagnostics);
// spec.publishes as written.
std::vector<Publish> build_publishes(const Node& spec);
// renamed_from and adopt within one target: E0151 for a previous name that is the own name or
// still in use, or claimed twice. E0150 for kubernetes: on Cloud Run.
void check_escapes_and_renames(const Target& t, Diagnostics& diagnostics);

}  // namespace infrac
