// A change's bundle in memory: which targets it touches (the plan of base against the working
// tree), their rendered files (the head's, built with the image tag; the base's for a removed
// target) and each Kubernetes target's objects. `ci bundle` writes it; `ci apply` builds it
// again from the merged commit and compares it with the reviewed one, byte for byte.
// Tested by tests/cli/delivery_cli_test.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "deliver/bundle.h"
#include "driver/commands.h"

namespace infrac {

struct BuiltBundle {
  Bundle bundle;
  std::map<std::string, std::string> files;  // path inside the bundle -> contents
};

// Nothing on errors (printed); usage_error when they were the command line's.
std::optional<BuiltBundle> build_bundle(const CommonOptions& options, const std::string& base_ref,
                                        const std::string& image_tag, bool& usage_error, Io io);

// `git rev-parse REF` in `root`, or empty.
std::string git_commit(const std::string& root, const std::string& ref);

}  // namespace infrac
