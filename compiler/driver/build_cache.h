// What `infrac build` remembers of its last clean build, as ninja and ccache do it: every
// file and folder the compile read, with its state (base/inputs.h: the deps log), the options
// that shape output and the infrac binary; the target graph (every target and its edges); and
// the size, mtime and inode of every file the build wrote.
//  - Same inputs, untouched outputs: the outputs are already what a build would write, and
//    nothing is parsed, compiled or compared (the no-op fast path).
//  - Only files of some services/<S>/ changed, outputs untouched: only the targets the change
//    can reach (S, what S calls and what calls S, before or after the change: plan/reach.h)
//    are compiled and written (the incremental path).
// Whatever a compile reads is an input — a pack folder spec.policies names, a module folder, a
// service's own .tf files — because the compile recorded it; nothing is listed here by hand.
// The cache lives outside the output tree ($XDG_CACHE_HOME/infrac/builds/), so the tree stays
// byte-identical across runs; losing it only costs one full build.
// Tested by tests/cli/build_test.cpp ("incremental", "inputs") and
// tests/cli/build_record_test.cpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/inputs.h"
#include "resolve/target_graph.h"

namespace infrac {

// A build's identity: the options, the infrac binary and the state of every input read.
// Empty when the binary cannot be identified (then nothing is cached).
std::string build_fingerprint(const std::string& options_key, const InputRecord& inputs);

struct CachedBuild {
  std::string fingerprint;
  std::filesystem::path out;
  std::size_t targets = 0, files = 0;
  std::size_t waived = 0;    // findings the last build reported as waived
  std::size_t warnings = 0;  // and as warnings (diagnostics and findings)
  InputRecord inputs;        // what the build read
  TargetGraph graph;         // the last build's targets and edges (resolve/target_graph.h)
  std::map<std::string, std::size_t> waived_by_target;  // target id -> waived findings
  // What the build reported (its warnings and waived findings, rendered each way a run may
  // ask: cmd_build.cpp), replayed by the no-op path so a warning never costs a rebuild.
  std::map<std::string, std::string> report;
  // Each target's service-rule verdict (policy/judgement_record.h) and the digest of what
  // those rules read across services: an incremental build replays the verdicts of the targets
  // it does not compile when the digest is unchanged.
  std::map<std::string, std::string> judgements;
  std::string cross_digest;
  bool outputs_intact = false;  // every file it wrote is still as it was
  // When intact: the [files] lines as recorded ("path\tsize mtime inode\n", sorted by path,
  // the manifest last), so that the next record restats only the files a build rewrote.
  std::string file_states;
};

// The last clean build of `root` with these options.
std::optional<CachedBuild> read_cached_build(const std::filesystem::path& root,
                                             const std::string& options_key);

struct BuildRecord {
  std::filesystem::path out;
  InputRecord inputs;  // Compilation::inputs.record()
  std::size_t targets = 0, waived = 0, warnings = 0;
  const TargetGraph* graph = nullptr;  // the model's
  std::map<std::string, std::size_t> waived_by_target;
  std::map<std::string, std::string> report;                       // as CachedBuild::report
  const std::map<std::string, std::string>* judgements = nullptr;  // as CachedBuild's
  std::string cross_digest;
  std::vector<std::string> files;  // paths relative to `out`
  // An incremental build's last build (intact, same `out`) and the files this one moved into
  // the tree (sorted): every other file is untouched, so its recorded state is kept without
  // a stat (55,000 files at 1,000 services).
  const CachedBuild* last = nullptr;
  std::vector<std::string> rewritten;
};

// Records a build that wrote its output (no errors). Best effort.
void record_build(const std::filesystem::path& root, const std::string& options_key,
                  const BuildRecord& build);

// Forgets the last build (after a failed or unclean one).
void forget_build(const std::filesystem::path& root, const std::string& options_key);

}  // namespace infrac
