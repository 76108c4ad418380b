// Fuzzes the spec front end the way infrac uses it: the hardened YAML loader, then a full
// traversal (validation against both file schemas, overrides merged into the spec). yaml-cpp's
// own fuzzing stops at the parser; traversal is where alias bombs and cycles hurt.
// Run: scripts/fuzz.sh [seconds]  (see CONTRIBUTING.md)
#include <cstddef>
#include <cstdint>
#include <string>

#include "resolve/build_model.h"
#include "spec/overlay.h"
#include "spec/schema.h"
#include "spec/validate.h"
#include "spec/yaml_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infrac;
  SourceFile file("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  Diagnostics diagnostics;
  std::optional<Node> root = load_yaml(0, file, diagnostics);
  if (!root) return 0;
  validate_node(*root, service_file_schema(), "", Location{}, {}, diagnostics);
  validate_node(*root, project_file_schema(), "", Location{}, {}, diagnostics);
  if (const Node* spec = root->find("spec")) {
    if (const Node* environments = root->find("environments")) {
      for (const auto& entry : environments->entries) {
        Node merged = merge_override(*spec, entry.value);
        validate_node(merged, service_spec_schema(), "spec", Location{}, {}, diagnostics);
      }
    }
  }
  (void)root->subtree_size();

  // The typed builder reads whatever shape got through, defensively: run it as a service of
  // a fixed valid project.
  static const Project project = [] {
    SourceFile project_file("infrac.yaml",
                            "apiVersion: infrac/v1\nkind: Project\nmetadata: {name: fz}\n"
                            "spec:\n  cloud: aws\n  region: eu-west-1\n  registry: r.example/fz\n"
                            "  teams: [core]\n  environments:\n"
                            "    dev: {account: \"1\", cluster: dev, domain: dev.fz.example}\n"
                            "    prod: {account: \"2\", cluster: prod, domain: fz.example}\n");
    Diagnostics sink;
    LoadedFile loaded;
    loaded.file = 0;
    loaded.root = load_yaml(0, project_file, sink);
    return *build_project(loaded, sink);
  }();
  LoadedFile service;
  service.folder = "users";
  service.file = 0;
  service.root = std::move(root);
  (void)build_service(service, project, diagnostics);
  return 0;
}
