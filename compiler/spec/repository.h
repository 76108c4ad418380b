// Finds and reads an infrac repository: infrac.yaml at the root and every
// services/<name>/service.yaml, parsed in parallel into source-model trees.
// Tested by tests/unit/yaml_loader_test.cpp and the CLI tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/inputs.h"
#include "base/source_files.h"
#include "spec/node.h"
#include "spec/yaml_loader.h"

namespace infrac {

class SpecCache;

struct LoadedFile {
  std::string folder;  // services/<folder>/service.yaml; empty for infrac.yaml
  FileId file = kNoFile;
  // Empty when the file could not be read or parsed, and for a service once the model is built
  // (compile_front: the model's Service keeps the tree).
  std::optional<Node> root;
};

struct LoadedRepository {
  std::filesystem::path root;
  LoadedFile project;
  std::vector<LoadedFile> services;  // sorted by folder name
};

// The nearest directory at or above `start` that holds infrac.yaml.
std::optional<std::filesystem::path> find_repository_root(const std::filesystem::path& start);

// What every command means by "the repository": `root_option` (--root) when given, else the
// nearest parent of the working directory; absolute, and only if it holds infrac.yaml.
std::optional<std::filesystem::path> repository_root(const std::string& root_option);

// Reads through `inputs` (rooted at the repository), so every file and folder read is
// recorded. File ids follow folder order, whatever the number of threads. With a cache, a
// file parsed before (the same bytes) is read back instead of parsed (spec/spec_cache.h).
LoadedRepository load_repository(Inputs& inputs, SourceFiles& files, Diagnostics& diagnostics,
                                 unsigned jobs, const YamlLimits& limits = {},
                                 const SpecCache* cache = nullptr);

}  // namespace infrac
