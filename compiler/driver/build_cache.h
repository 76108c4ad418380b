// The no-op fast path of `infrac build`, as ninja and ccache do it: a fingerprint of every
// input (the bytes of infrac.yaml and each service.yaml, the options that shape output, and
// the infrac binary itself) plus the size, mtime and inode of every file the last build
// wrote. When the fingerprint is the same and no output file was touched, the outputs are
// already what a build would write, and nothing is parsed, compiled or compared.
// The cache lives outside the output tree ($XDG_CACHE_HOME/infrac/builds/), so the tree stays
// byte-identical across runs; losing it only costs one full build.
// Tested by tests/cli/build_test.cpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infrac {

// The fingerprint of the repository's inputs and `options_key`; nothing when an input cannot
// be read (the full build then reports it).
std::optional<std::string> input_fingerprint(const std::filesystem::path& root,
                                             const std::string& options_key);

struct CachedBuild {
  std::filesystem::path out;
  std::size_t targets = 0, files = 0;
  std::size_t waived = 0;  // findings the last build reported as waived (and nothing else)
};

// The last clean build of `root` with these options, when its fingerprint matches and the
// files it wrote are untouched.
std::optional<CachedBuild> cached_build(const std::filesystem::path& root,
                                        const std::string& options_key,
                                        const std::string& fingerprint);

// Records a clean build (no diagnostics) of `files` (paths relative to `out`). Best effort.
void record_build(const std::filesystem::path& root, const std::string& options_key,
                  const std::string& fingerprint, const std::filesystem::path& out,
                  std::size_t targets, std::size_t waived, const std::vector<std::string>& files);

// Forgets the last build (after a failed or unclean one).
void forget_build(const std::filesystem::path& root, const std::string& options_key);

}  // namespace infrac
