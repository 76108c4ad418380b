// The repository as a git ref had it: `git archive` of the ref's tree at the repository's
// folder (everything a compile could read there) into a temporary directory that is removed
// afterwards. git and tar run without a shell, through the host (base/host.h), which also
// makes the temporary directory. No checkout, no worktree, nothing left behind; the working
// tree is never touched.
// Tested by tests/unit/host_test.cpp (a fake git) and tests/cli/plan_test.cpp (a scripted git
// history).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/host.h"

namespace infrac {

struct ExportedTree {
  std::filesystem::path directory;  // the repository root as of the ref
  std::string error;
  ExportedTree() = default;
  ExportedTree(const ExportedTree&) = delete;
  ExportedTree& operator=(const ExportedTree&) = delete;
  ExportedTree(ExportedTree&& other) noexcept { *this = std::move(other); }
  ExportedTree& operator=(ExportedTree&& other) noexcept {
    directory = std::move(other.directory);
    error = std::move(other.error);
    scratch = std::move(other.scratch);
    other.scratch.clear();  // only one owner removes the directory
    return *this;
  }
  ~ExportedTree();
  std::filesystem::path scratch;  // removed on destruction
};

// Refs are names, SHAs, REF~N, REF^, origin/main...; anything that could be an option or a
// shell word is refused before git sees it.
bool valid_ref(const std::string& ref);

ExportedTree export_ref(const Host& host, const std::filesystem::path& root,
                        const std::string& ref);

}  // namespace infrac
