// The one reader of a repository: every file and folder a compile reads goes through Inputs,
// which records what it saw, keyed by path relative to the repository root (ninja's deps
// log). The build cache persists that record and re-reads exactly it to tell a no-op from a
// change; the plan diffs the two sides' records. So whatever a stage reads — specs, Score
// files, packs wherever spec.policies points, exceptions, OpenAPI documents, module folders,
// a service's own .tf files and patches — is an input, and nothing else is: no glob of
// folders kept in step by hand.
//
// A record maps a key to a state:
//   "path"  -> "f " + content hash, or "f absent", "f unreadable: <why>"  (a file read)
//   "path/" -> "d " + the sorted entry names ("name" or "name/" for a folder), '\t'-joined,
//              or "d absent"                                           (a folder listed)
// A file is hashed over its whole content even when the reading stage refused it as too
// large, so no size cap hides a change.
// Every read goes through a host (base/host.h): the real disk for the CLI, a repository held
// in memory for a test.
// Tested by tests/unit/inputs_test.cpp and tests/cli/build_test.cpp ("inputs").
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/fs.h"
#include "base/host.h"

namespace infrac {

using InputRecord = std::map<std::string, std::string>;

class Inputs {
 public:
  Inputs() : host_(real_host()) {}
  explicit Inputs(std::filesystem::path root, Host host = real_host())
      : root_(std::move(root)), host_(std::move(host)) {}
  Inputs(const Inputs&) = delete;
  Inputs& operator=(const Inputs&) = delete;

  const std::filesystem::path& root() const { return root_; }
  void set_root(std::filesystem::path root) { root_ = std::move(root); }
  const Host& host() const { return host_; }
  void set_host(Host host) { host_ = std::move(host); }

  // The file's text (at most max_bytes, as read_text_file); the read is recorded.
  ReadResult read(const std::filesystem::path& path, std::size_t max_bytes);
  // The folder's entries sorted by name; empty when it is not a folder. Recorded.
  std::vector<DirEntry> list(const std::filesystem::path& dir);

  // Every file below `dir` read (hashed) and every folder listed: a folder whose whole
  // content matters though the compile parses only part of it (a Terraform module).
  void read_tree(const std::filesystem::path& dir, std::size_t max_bytes);

  // Everything recorded so far. Safe to call from several threads, like read and list.
  InputRecord record() const;

 private:
  std::string key_of(const std::filesystem::path& path) const;
  void put(std::string key, std::string state);

  std::filesystem::path root_;
  Host host_;
  mutable std::mutex mutex_;
  InputRecord record_;
};

// Reads through `inputs` when there is one (a compile), else straight from the disk (tools
// that read files outside a compile: inventory, fmt).
ReadResult read_input(Inputs* inputs, const std::filesystem::path& path, std::size_t max_bytes);
std::vector<DirEntry> list_input(Inputs* inputs, const std::filesystem::path& dir);

// The state a recorded key has now under `root` (what Inputs reading through `host` would
// record).
std::string current_input_state(const Host& host, const std::filesystem::path& root,
                                const std::string& key);

// Every key of `before` with its state now: the record a compile reading the same files
// would make, unless what it reads depends on what changed (then it differs anyway).
InputRecord restate_inputs(const Host& host, const std::filesystem::path& root,
                           const InputRecord& before);

// The paths that differ between two records: changed or (un)read files, and for folders the
// entries added or removed ("services/new", "services/old"). Sorted, unique.
std::vector<std::string> changed_input_paths(const InputRecord& before, const InputRecord& after);

// One line of a persisted record ("key\tstate" without a newline in either), and back
// (false for a line that is not one).
std::string input_line(const std::string& key, const std::string& state);
bool parse_input_line(const std::string& line, std::string& key, std::string& state);

}  // namespace infrac
