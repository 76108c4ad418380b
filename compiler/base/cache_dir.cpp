#include "base/cache_dir.h"

#include <sys/stat.h>

namespace infrac {

std::optional<std::filesystem::path> infrac_cache_dir(const Host& host) {
  if (std::string xdg = env_or(host, "XDG_CACHE_HOME"); !xdg.empty())
    return std::filesystem::path(xdg) / "infrac";
  if (std::string home = env_or(host, "HOME"); !home.empty())
    return std::filesystem::path(home) / ".cache" / "infrac";
  return std::nullopt;
}

std::string binary_identity() {
  struct stat exe {};
  if (::stat("/proc/self/exe", &exe) != 0) return {};
  return std::to_string(exe.st_size) + " " + std::to_string(exe.st_mtim.tv_sec) + "." +
         std::to_string(exe.st_mtim.tv_nsec) + " " + std::to_string(exe.st_ino);
}

}  // namespace infrac
