// A service's own Kubernetes patches (services/<name>/patches/*.yaml), applied to the objects
// lowering made for one target, the way kustomize applies them:
// - a strategic merge patch is a partial object (apiVersion, kind, metadata.name, and what
//   to change): maps merge, `null` removes a key, lists of containers, volumes, env and
//   imagePullSecrets merge by name (ports by containerPort, volumeMounts by mountPath), an
//   element with `$patch: delete` is removed, other lists are replaced;
// - a JSON patch (RFC 6902) is {target: {kind, name, namespace?, group?, version?,
//   labelSelector?, annotationSelector?}, patch: [operations]}.
// A target matches on every field it names. A patch that matches no object, fails, or changes
// what infrac selects by (kind, name, namespace, the app.kubernetes.io and infrac.dev labels)
// is E0150 at the patch; one that weakens a guarantee (lower/patch_guard.h) is E0153 at the
// operation or value that does it. Patched objects then meet the same policies as generated
// ones.
// Tested by tests/unit/patches_test.cpp.
#pragma once

#include <vector>

#include "base/diagnostic.h"
#include "ir/k8s_ir.h"
#include "lower/lower.h"

namespace infrac {

void apply_patches(std::vector<KObject>& objects, const std::vector<ExtraFile>& patches,
                   const std::string& target_id, Diagnostics& diagnostics);

// A YAML node as the Kubernetes IR (patches, and manifests read by `infrac import`).
KValue kvalue_of(const Node& node);

}  // namespace infrac
