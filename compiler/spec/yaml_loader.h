// Reads one YAML file into the source model, defending against hostile input.
// This file is the only one that includes yaml-cpp. yaml-cpp 0.7 accepts duplicate keys,
// expands nothing itself but hands out aliases that a naive walk expands exponentially, and
// fails with "bad file" past 500 levels; so infrac drives yaml-cpp's event parser and builds
// its own tree under explicit limits (see docs/spec-language.md, "Limits").
// Tested by tests/unit/yaml_loader_test.cpp and fuzzed by tests/fuzz/spec_loader_fuzz.cpp.
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "spec/node.h"

namespace infrac {

struct YamlLimits {
  std::size_t max_file_bytes = 1u << 20;     // 1 MiB
  std::size_t max_scalar_bytes = 64u << 10;  // 64 KiB
  std::size_t max_map_keys = 10000;
  unsigned max_depth = 64;
  unsigned max_aliases = 100;
  std::size_t expansion_factor = 10;  // expanded alias nodes <= factor * parsed nodes + slack
  std::size_t expansion_slack = 1000;
};

// Parses `file` (already read; its text is the whole file) into a Node. Returns nothing and
// adds diagnostics when the file is not acceptable. Never throws for bad input.
std::optional<Node> load_yaml(FileId id, const SourceFile& file, Diagnostics& diagnostics,
                              const YamlLimits& limits = {});

// Every document of a stream (`---` separated), as `kubectl get -o yaml`, `helm template`
// and `kustomize build` write them; empty documents are skipped.
std::optional<std::vector<Node>> load_yaml_documents(FileId id, const SourceFile& file,
                                                     Diagnostics& diagnostics,
                                                     const YamlLimits& limits = {});

// How a plain (unquoted) scalar resolves under the YAML 1.2 core schema.
NodeKind resolve_plain_scalar(std::string_view text);

}  // namespace infrac
