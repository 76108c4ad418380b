// The world outside the compiler as one value: the environment, the clock, other programs and
// the file system a compile reads. Library code reaches none of them on its own: the driver
// builds the host (driver/cli_host.h: real_host() with the CLI's pinned dates) and passes it
// down (CompileOptions::host, Inputs, export_ref, SpecCache::open); tests pass a fake one (a
// repository held in memory, a date, a scripted git). real_host() and run_process
// (base/host*.cpp) are the only code in compiler/ outside driver/ that reads the environment
// or the clock or starts a program; tests/unit/architecture_test.cpp holds everyone else to it.
// A steady_clock deadline (a parse's time budget) is a timer, not the clock: it stays local.
// Tested by tests/unit/host_test.cpp and tests/unit/architecture_test.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/fs.h"
#include "base/process.h"

namespace infrac {

struct Host {
  // A variable of the environment; nothing when it is unset.
  std::function<std::optional<std::string>(const std::string& name)> env;
  // Today (UTC) in days since 1970-01-01: exceptions and inline waivers expire.
  std::function<int()> today;
  // Now (UTC) in seconds since 1970-01-01.
  std::function<std::int64_t()> now_unix;
  // Another program, as base/process.h runs it.
  std::function<ProcessResult(const std::vector<std::string>& argv, const ProcessOptions& options)>
      run_process;
  // What a compile reads (base/inputs.h): a file's text up to max_bytes (as read_text_file),
  // a folder's entries sorted by name (nothing: not a folder), a whole file's digest.
  std::function<ReadResult(const std::filesystem::path& path, std::size_t max_bytes)> read_file;
  std::function<std::optional<std::vector<DirEntry>>(const std::filesystem::path& dir)> list_dir;
  std::function<FileDigest(const std::filesystem::path& path)> digest_file;
  // A fresh private folder named prefix-XXXXXX for scratch files, on a memory-backed file
  // system when there is one ($TMPDIR first); empty when none can be made.
  std::function<std::filesystem::path(const std::string& prefix)> make_temp_dir;
};

// The machine infrac runs on: the process environment, the system clock, posix_spawn, the disk.
Host real_host();

// A variable's value, or `otherwise` when it is unset or empty.
std::string env_or(const Host& host, const std::string& name, const std::string& otherwise = {});

}  // namespace infrac
