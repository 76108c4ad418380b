// The real world behind base/host.h: the one place in compiler/ outside driver/ that reads the
// environment and the clock (run_process, in host_process.cpp, is the one that starts programs).
#include "base/host.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace infrac {
namespace {

std::optional<std::string> real_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

std::int64_t real_now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int real_today() {
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(day.time_since_epoch().count());
}

std::filesystem::path real_temp_dir(const std::string& prefix) {
  // Scratch trees (a plan's exported base) are written once, read once and removed: a
  // memory-backed file system is cheaper than creating thousands of small files on a disk.
  std::string base_dir = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) {
    base_dir = tmp;
  } else if (::access("/dev/shm", W_OK) == 0) {
    base_dir = "/dev/shm";
  }
  std::string pattern_text = base_dir + "/" + prefix + "-XXXXXX";
  std::vector<char> pattern(pattern_text.begin(), pattern_text.end());
  pattern.push_back('\0');
  if (!::mkdtemp(pattern.data())) return {};
  return std::filesystem::path(pattern.data());
}

}  // namespace

Host real_host() {
  Host host;
  host.env = real_env;
  host.today = real_today;
  host.now_unix = real_now_unix;
  host.run_process = [](const std::vector<std::string>& argv, const ProcessOptions& options) {
    return run_process(argv, options);
  };
  host.read_file = read_text_file;
  host.list_dir = list_folder;
  host.digest_file = digest_file;
  host.make_temp_dir = real_temp_dir;
  return host;
}

std::string env_or(const Host& host, const std::string& name, const std::string& otherwise) {
  std::optional<std::string> value = host.env ? host.env(name) : std::nullopt;
  return value && !value->empty() ? *value : otherwise;
}

}  // namespace infrac
