// Fuzzes infrac the way it is used: the hardened YAML loader, a full traversal (validation
// against both file schemas, overrides merged into the spec), and for specs that are valid,
// resolution, lowering and printing, with every printed YAML file read back. yaml-cpp's
// own fuzzing stops at the parser; traversal is where alias bombs and cycles hurt.
// Run: scripts/fuzz.sh [seconds]  (see CONTRIBUTING.md)
#include <cstddef>
#include <cstdint>
#include <string>

#include <cstdio>
#include <cstdlib>

#include "emit/layout.h"
#include "lower/lower.h"
#include "resolve/build_model.h"
#include "resolve/resolve.h"
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
  // Named after its own metadata.name, so every seed can reach lowering.
  const Node* metadata = root->find("metadata");
  service.folder = metadata ? text_at(*metadata, "name", "users") : "users";
  service.file = 0;
  service.root = std::move(root);
  ServiceBuild build = build_service(service, project, diagnostics);
  if (!build.valid || diagnostics.has_errors()) return 0;

  // A valid spec goes all the way: resolve, lower, print. Every YAML file infrac prints must
  // read back without a problem (its quoting is what keeps `on` a string).
  std::vector<ServiceBuild> builds;
  builds.push_back(std::move(build));
  Model model = resolve_model(project, std::move(builds), diagnostics);
  if (diagnostics.has_errors()) return 0;
  for (const auto& target : model.targets) {
    TargetOutput out = lower_target(model, target, LowerOptions{}, diagnostics);
    if (diagnostics.has_errors()) continue;
    for (const auto& f : target_files(out)) {
      if (!f.path.ends_with(".yaml")) continue;
      SourceFile printed(f.path, f.contents);
      Diagnostics reread;
      if (!load_yaml(0, printed, reread) || reread.has_errors()) {
        std::fprintf(stderr, "printed YAML does not read back: %s\n%s\n", f.path.c_str(),
                     f.contents.c_str());
        std::abort();
      }
    }
  }
  return 0;
}
