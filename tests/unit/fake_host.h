// A host (base/host.h) held in memory, for tests: files, environment, a date, scripted
// programs. Its functions refer to the FakeHost, which must outlive them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/host.h"

namespace infrac::test {

struct FakeHost {
  std::map<std::string, std::string> files;  // absolute path -> content; folders are implied
  std::map<std::string, std::string> env;
  int today = 0;
  std::int64_t now_unix = 0;
  // Answers every program run; unset: exit 127, as a shell says "not found".
  std::function<ProcessResult(const std::vector<std::string>& argv)> program;
  std::vector<std::vector<std::string>> ran;  // every argv run, in order
  std::filesystem::path temp_dir;             // what make_temp_dir returns
  std::mutex mutex;

  // A copy of every file below `dir` on the disk, at the same path below `at`.
  void copy_tree(const std::filesystem::path& dir, const std::filesystem::path& at);
  Host host();
};

}  // namespace infrac::test
