// Reading existing Kubernetes manifests for `infrac import`: files or directories (every .yaml
// and .yml below, sorted), each a stream of documents as `kubectl get -o yaml`, `helm template`
// or `kustomize build` writes them; `kind: List` documents are unpacked. Each object keeps its
// file and line, for the report.
// Tested by tests/cli/import_test.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "ir/k8s_ir.h"
#include "spec/node.h"
#include "spec/yaml_loader.h"

namespace infrac {

struct Manifest {
  std::string kind, name, ns;
  Node node;     // the whole object
  KValue value;  // the same, as the Kubernetes IR (for the comparison after the rebuild)
  // Kind/namespace/name (Kind/name for cluster-wide objects): unique across namespaces.
  std::string id() const { return kind + "/" + (ns.empty() ? "" : ns + "/") + name; }
};

std::vector<Manifest> read_manifests(const std::vector<std::filesystem::path>& paths,
                                     SourceFiles& files, Diagnostics& diagnostics,
                                     const YamlLimits& limits = {});

}  // namespace infrac
