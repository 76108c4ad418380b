// Writes a build's files into the output directory so that a failed or interrupted build
// leaves the previous output exactly as it was, and a build costs what changed:
//  - first build (no directory yet): every file is written to a staging tree beside it,
//    which becomes the output in one rename;
//  - rebuild: each file is compared with the old one; only new and changed files are
//    staged. The commit point is the journal (.<out>.infrac-journal, written then renamed
//    into place) listing the files to move in and the files to remove; each is then one
//    rename or unlink, and a build killed mid-commit is completed from the journal by the
//    next one. Unchanged files are never touched (inode and mtime kept), and when nothing
//    changed nothing is written at all.
// Files are added as targets finish (streaming, from many threads), so a build never holds
// its whole output in memory. Files infrac did not write (terraform init's .terraform/, lock
// files, local state) stay where they are; infrac's files that the build no longer produces
// are removed. A manifest (.infrac-manifest) records which files are infrac's, and infrac
// refuses to write into a non-empty directory without one.
// Tested by tests/unit/tree_writer_test.cpp (including injected write failures and a
// commit killed half-way).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/target_output.h"

namespace infrac {

inline constexpr const char* kManifestName = ".infrac-manifest";

struct WriteOptions {
  unsigned jobs = 1;  // write_output_tree: threads comparing and staging files
  // Paths of the old tree this build is responsible for (a --env/--service build owns only
  // its targets' directories); infrac's other files are kept as they are. Empty: all.
  std::function<bool(const std::string&)> owns;
  // For tests: fail as if the disk were full after this many files were staged.
  std::optional<std::size_t> fail_after_files;
  // For tests: stop the commit after this many moves, as if the process were killed.
  std::optional<std::size_t> crash_after_moves;
};

struct WriteReport {
  std::size_t written = 0;         // new or changed files
  std::size_t unchanged = 0;       // same bytes as before
  std::size_t removed = 0;         // infrac files of the old tree the build no longer produces
  bool refused = false;            // the directory holds files infrac did not write (E0017)
  std::vector<std::string> files;  // after a commit: infrac's files in the tree (the manifest)
  // Of those, the ones a rebuild moved in (sorted): no other file of the tree was touched, the
  // manifest aside. Empty for a first build, where every file is new.
  std::vector<std::string> rewritten;
  std::string error;  // empty on success
};

// One write of the output tree: open, add files (from any thread), then commit or abandon.
// Destroying an uncommitted writer abandons it.
class TreeWriter {
 public:
  TreeWriter(const std::filesystem::path& out, WriteOptions options);
  ~TreeWriter();
  TreeWriter(const TreeWriter&) = delete;
  TreeWriter& operator=(const TreeWriter&) = delete;

  // Set when the directory cannot be written (refused, unreadable, a previous commit that
  // cannot be completed); add() and commit() then do nothing.
  const std::string& error() const { return report_.error; }
  bool refused() const { return report_.refused; }

  // Compares each file with the old tree's and stages it when it is new or different.
  // Thread-safe; each path at most once per build.
  void add(std::vector<OutputFile> files);
  // Makes the staged files the output. Nothing on disk changed if the report has an error.
  WriteReport commit();
  // Drops what was staged; the old tree stays as it is.
  void abandon();

 private:
  struct State;
  std::unique_ptr<State> state_;
  WriteReport report_;
};

// open, add, commit in one call.
WriteReport write_output_tree(const std::filesystem::path& out, std::vector<OutputFile> files,
                              const WriteOptions& options);

}  // namespace infrac
