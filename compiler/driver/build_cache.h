// What `infrac build` remembers of its last clean build, as ninja and ccache do it: a hash of
// every input file (infrac.yaml, everything under services/ and policies/, the repository's
// module folder), the options that shape output and the infrac binary; the targets with the
// services each one calls; and the size, mtime and inode of every file the build wrote.
//  - Same inputs, untouched outputs: the outputs are already what a build would write, and
//    nothing is parsed, compiled or compared (the no-op fast path).
//  - Only files of some services/<S>/ changed, outputs untouched: only the targets the change
//    can reach (S, what S calls and what calls S, before or after the change: plan/reach.h)
//    are compiled and written (the incremental path).
// The cache lives outside the output tree ($XDG_CACHE_HOME/infrac/builds/), so the tree stays
// byte-identical across runs; losing it only costs one full build.
// Tested by tests/cli/build_test.cpp ("incremental").
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace infrac {

struct InputSnapshot {
  std::map<std::string, std::string> files;  // path relative to the root -> content hash
  std::string fingerprint;                   // of the files, the options and the binary
};

// Every input of the repository; `module_dir` (absolute, or empty) is the repository module
// folder the last build used. Nothing when infrac.yaml cannot be read.
std::optional<InputSnapshot> snapshot_inputs(const std::filesystem::path& root,
                                             const std::string& options_key,
                                             const std::filesystem::path& module_dir);

struct CachedBuild {
  std::string fingerprint;
  std::filesystem::path out, module_dir;
  std::size_t targets = 0, files = 0;
  std::size_t waived = 0;  // findings the last build reported as waived (and nothing else)
  std::map<std::string, std::string> inputs;                // as in InputSnapshot::files
  std::map<std::string, std::vector<std::string>> callees;  // target id -> services it calls
  std::map<std::string, std::size_t> waived_by_target;      // target id -> waived findings
  bool outputs_intact = false;  // every file it wrote is still as it was
};

// The last clean build of `root` with these options.
std::optional<CachedBuild> read_cached_build(const std::filesystem::path& root,
                                             const std::string& options_key);

// The input files (paths relative to the root) added, removed or changed since the last build.
std::vector<std::string> changed_inputs_since(const CachedBuild& last, const InputSnapshot& now);

struct BuildRecord {
  std::filesystem::path out, module_dir;
  std::size_t targets = 0, waived = 0;
  std::map<std::string, std::vector<std::string>> callees;
  std::map<std::string, std::size_t> waived_by_target;
  std::vector<std::string> files;  // paths relative to `out`
};

// Records a clean build (no diagnostics). Best effort.
void record_build(const std::filesystem::path& root, const std::string& options_key,
                  const InputSnapshot& inputs, const BuildRecord& build);

// Forgets the last build (after a failed or unclean one).
void forget_build(const std::filesystem::path& root, const std::string& options_key);

}  // namespace infrac
