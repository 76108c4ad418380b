// Which .tf files a directory holds: recursive, in sorted order, skipping `.terraform/` and
// every other hidden directory (provider caches, VCS metadata). Symlinked directories are not
// followed, so a link cycle or a link out of the tree is never walked.
// Tested by tests/cli/terraform_check_test.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infrac {

struct Discovered {
  std::vector<std::filesystem::path> files;  // sorted
  std::vector<std::string> errors;           // "PATH: why" for paths that could not be walked
};

// Each argument may be a directory (walked) or a .tf file (taken as is).
Discovered find_tf_files(const std::vector<std::filesystem::path>& paths);

}  // namespace infrac
