// Writes a build's files as one atomic change of the output directory: the new tree is
// assembled beside the old one and exchanged with it in a single rename, so a failed build
// (or a crash) leaves the previous output untouched and no temporary files behind.
// Unchanged files are hard links to the old ones (never rewritten, mtimes kept), and when
// nothing changed nothing is touched at all. Files infrac did not write (terraform init's
// .terraform/, lock files, local state) are carried over; infrac's files that the build no
// longer produces are dropped. A manifest (.infrac-manifest) records which files are infrac's,
// and infrac refuses to replace a non-empty directory without one.
// Tested by tests/unit/tree_writer_test.cpp (including injected write failures).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emit/layout.h"

namespace infrac {

inline constexpr const char* kManifestName = ".infrac-manifest";

struct WriteOptions {
  unsigned jobs = 1;
  // Paths of the old tree this build is responsible for (a --env/--service build owns only
  // its targets' directories); infrac's other files are kept as they are. Empty: all.
  std::function<bool(const std::string&)> owns;
  // For tests: fail as if the disk were full after this many files were placed.
  std::optional<std::size_t> fail_after_files;
};

struct WriteReport {
  std::size_t written = 0;    // new or changed files
  std::size_t unchanged = 0;  // same bytes as before
  std::size_t removed = 0;    // infrac files of the old tree the build no longer produces
  bool refused = false;       // the directory holds files infrac did not write (E0017)
  std::string error;          // empty on success
};

WriteReport write_output_tree(const std::filesystem::path& out, std::vector<OutputFile> files,
                              const WriteOptions& options);

}  // namespace infrac
