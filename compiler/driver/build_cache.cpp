#include "driver/build_cache.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "base/fs.h"
#include "base/hash.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "infrac-build-cache v1";

std::optional<fs::path> cache_file(const fs::path& root, const std::string& options_key) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path base;
  if (xdg && *xdg) {
    base = xdg;
  } else if (home && *home) {
    base = fs::path(home) / ".cache";
  } else {
    return std::nullopt;
  }
  return base / "infrac" / "builds" /
         short_hash(fs::absolute(root).lexically_normal().string() + "\n" + options_key, 16);
}

std::string stat_key(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

void mix(std::uint64_t& h, std::string_view bytes) {
  std::uint64_t part = fnv1a64(bytes);
  h ^= part + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h ^= bytes.size();
}

}  // namespace

std::optional<std::string> input_fingerprint(const fs::path& root, const std::string& options_key) {
  std::uint64_t h = 0;
  mix(h, options_key);
  // The binary (followed through the /proc symlink): a rebuilt infrac may compile differently.
  struct stat exe {};
  if (::stat("/proc/self/exe", &exe) != 0) return std::nullopt;
  mix(h, std::to_string(exe.st_size) + " " + std::to_string(exe.st_mtim.tv_sec) + "." +
             std::to_string(exe.st_mtim.tv_nsec) + " " + std::to_string(exe.st_ino));
  auto add_file = [&](const fs::path& path, const std::string& name) {
    ReadResult r = read_text_file(path, 1u << 20);
    if (!r.text) return false;
    mix(h, name);
    mix(h, *r.text);
    return true;
  };
  if (!add_file(root / "infrac.yaml", "infrac.yaml")) return std::nullopt;
  std::vector<std::string> folders;
  if (DIR* d = ::opendir((root / "services").c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") folders.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    fs::path spec = root / "services" / folder / "service.yaml";
    std::error_code ec;
    if (!fs::exists(spec, ec)) {
      mix(h, "missing " + folder);
      continue;
    }
    if (!add_file(spec, folder)) return std::nullopt;
  }
  // Organisation policy packs shape what a build accepts.
  std::vector<std::string> packs;
  if (DIR* d = ::opendir((root / "policies").c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") packs.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(packs.begin(), packs.end());
  for (const auto& pack : packs) {
    if (!add_file(root / "policies" / pack, "policies/" + pack)) mix(h, "unreadable " + pack);
  }
  return std::to_string(h);
}

std::optional<CachedBuild> cached_build(const fs::path& root_dir, const std::string& options_key,
                                        const std::string& fingerprint) {
  auto file = cache_file(root_dir, options_key);
  if (!file) return std::nullopt;
  ReadResult r = read_text_file(*file, 64u << 20);
  if (!r.text) return std::nullopt;
  std::istringstream in(*r.text);
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return std::nullopt;
  if (!std::getline(in, line) || line != fingerprint) return std::nullopt;
  CachedBuild build;
  if (!std::getline(in, line)) return std::nullopt;
  build.out = line;
  if (!std::getline(in, line)) return std::nullopt;
  build.targets = std::strtoul(line.c_str(), nullptr, 10);
  if (!std::getline(in, line)) return std::nullopt;
  build.waived = std::strtoul(line.c_str(), nullptr, 10);
  const fs::path root = build.out;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    if (stat_key(root / line.substr(0, tab)) != line.substr(tab + 1)) return std::nullopt;
    ++build.files;
  }
  return build;
}

void record_build(const fs::path& root_dir, const std::string& options_key,
                  const std::string& fingerprint, const fs::path& out, std::size_t targets,
                  std::size_t waived, const std::vector<std::string>& files) {
  auto file = cache_file(root_dir, options_key);
  if (!file) return;
  const fs::path root = fs::absolute(out).lexically_normal();
  std::string text = std::string(kHeader) + "\n" + fingerprint + "\n" + root.string() + "\n" +
                     std::to_string(targets) + "\n" + std::to_string(waived) + "\n";
  for (const auto& f : files) {
    std::string key = stat_key(root / f);
    if (key.empty()) return;
    text += f + "\t" + key + "\n";
  }
  std::error_code ec;
  fs::create_directories(file->parent_path(), ec);
  write_file_atomically(*file, text);
}

void forget_build(const fs::path& root, const std::string& options_key) {
  if (auto file = cache_file(root, options_key)) {
    std::error_code ec;
    fs::remove(*file, ec);
  }
}

}  // namespace infrac
