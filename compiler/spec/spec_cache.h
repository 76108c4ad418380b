// Parsed specs remembered by content, as ccache remembers object files: an edit of one spec
// re-parses that spec only, and a plan's two sides share every spec the change did not touch.
// yaml-cpp is most of what reading 1,000 specs costs (bench/README.md); a cached tree is read
// back several times faster, with every location, so diagnostics are the same.
//  - Keyed exactly: an entry holds the file's whole text and is used only for the same bytes,
//    by the same binary with the same limits (the folder is a hash of both, and the entry repeats
//    them). Only a parse that succeeded without a diagnostic is stored.
//  - Robust: an entry that is truncated, corrupt (a checksum over all of it) or of another
//    format is ignored and rewritten; a cache that cannot be written is no cache.
//  - Atomic: written to a temporary name unique to the process and thread, then renamed; not
//    fsync'ed (a torn entry after a crash fails its checksum).
//  - Bounded per binary: a folder per binary and limits; creating one removes the folders no
//    run used for a week.
// Lives in $XDG_CACHE_HOME/infrac/specs/ (base/cache_dir.h), $XDG_CACHE_HOME and the clock
// that ages folders being the host's (base/host.h).
// Tested by tests/unit/spec_cache_test.cpp and tests/cli/spec_cache_test.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/host.h"
#include "base/source_files.h"
#include "spec/node.h"
#include "spec/yaml_loader.h"

namespace infrac {

class SpecCache {
 public:
  // Entries under `folder` (created on first store), valid for `identity` (the binary and
  // whatever else the parse depends on).
  SpecCache(std::filesystem::path folder, std::string identity);

  // The cache of this binary with these limits in infrac's cache folder (the host's
  // environment names it); nothing when there is no cache folder or the binary cannot be
  // identified.
  static std::optional<SpecCache> open(const Host& host, const YamlLimits& limits);

  // The tree `text` parses to, its locations in `file`, if an intact entry holds it.
  std::optional<Node> find(std::string_view text, FileId file) const;
  // Remembers that `text` parses to `root` (locations in `file`). Best effort.
  void store(std::string_view text, const Node& root, FileId file) const;

  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path entry_path(std::string_view text) const;

  std::filesystem::path folder_;
  std::string identity_;
};

// load_yaml through `cache` (null: load_yaml): a hit is the stored tree, a miss is parsed and
// stored when it parsed without a diagnostic.
std::optional<Node> load_yaml_cached(FileId id, const SourceFile& file, Diagnostics& diagnostics,
                                     const YamlLimits& limits, const SpecCache* cache);

}  // namespace infrac
