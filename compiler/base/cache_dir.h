// Where infrac keeps what it may forget ($XDG_CACHE_HOME/infrac, else ~/.cache/infrac: the
// build records of driver/build_cache.h, the parsed specs of spec/spec_cache.h), and what
// every cached result is keyed by besides its input: the binary that computed it.
// Tested by tests/unit/host_test.cpp, tests/unit/spec_cache_test.cpp and
// tests/cli/spec_cache_test.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/host.h"

namespace infrac {

// The cache folder, from the host's environment; nothing when neither XDG_CACHE_HOME nor HOME
// is set (nothing is cached).
std::optional<std::filesystem::path> infrac_cache_dir(const Host& host);

// The running infrac binary (size, mtime and inode of /proc/self/exe, followed through the
// symlink): a rebuilt infrac may compile differently. Empty when it cannot be identified.
std::string binary_identity();

}  // namespace infrac
