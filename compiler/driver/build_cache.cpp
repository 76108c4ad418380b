#include "driver/build_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "base/fs.h"
#include "base/hash.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "infrac-build-cache v2";

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

// Every regular file under `dir`, by path relative to `root`, hashed.
void hash_tree(const fs::path& root, const fs::path& dir, std::map<std::string, std::string>& out) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    ReadResult r = read_text_file(it->path(), 16u << 20);
    std::string rel = it->path().lexically_relative(root).generic_string();
    out[rel] = r.text ? short_hash(*r.text, 16) : "unreadable";
  }
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<InputSnapshot> snapshot_inputs(const fs::path& root, const std::string& options_key,
                                             const fs::path& module_dir) {
  InputSnapshot s;
  ReadResult project = read_text_file(root / "infrac.yaml", 1u << 20);
  if (!project.text) return std::nullopt;
  s.files["infrac.yaml"] = short_hash(*project.text, 16);
  hash_tree(root, root / "services", s.files);
  hash_tree(root, root / "policies", s.files);
  if (!module_dir.empty()) hash_tree(root, module_dir, s.files);
  // The binary (followed through the /proc symlink): a rebuilt infrac may compile differently.
  struct stat exe {};
  if (::stat("/proc/self/exe", &exe) != 0) return std::nullopt;
  std::string all = options_key + "\n" + std::to_string(exe.st_size) + " " +
                    std::to_string(exe.st_mtim.tv_sec) + "." + std::to_string(exe.st_mtim.tv_nsec) +
                    " " + std::to_string(exe.st_ino) + "\n";
  for (const auto& [path, hash] : s.files) all += path + "\t" + hash + "\n";
  s.fingerprint = short_hash(all, 16);
  return s;
}

std::optional<CachedBuild> read_cached_build(const fs::path& root_dir,
                                             const std::string& options_key) {
  auto file = cache_file(root_dir, options_key);
  if (!file) return std::nullopt;
  ReadResult r = read_text_file(*file, 256u << 20);
  if (!r.text) return std::nullopt;
  std::istringstream in(*r.text);
  std::string line, section;
  CachedBuild build;
  std::vector<std::string> head;
  for (int i = 0; i < 6 && std::getline(in, line); ++i) head.push_back(line);
  if (head.size() < 6 || head[0] != kHeader) return std::nullopt;
  build.fingerprint = head[1];
  build.out = head[2];
  build.module_dir = head[3];
  build.targets = std::strtoul(head[4].c_str(), nullptr, 10);
  build.waived = std::strtoul(head[5].c_str(), nullptr, 10);
  build.outputs_intact = true;
  while (std::getline(in, line)) {
    if (line == "[inputs]" || line == "[targets]" || line == "[files]") {
      section = line;
      continue;
    }
    auto tab = line.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (section == "[inputs]") {
      build.inputs[key] = value;
    } else if (section == "[targets]") {
      auto tab2 = value.find('\t');
      if (tab2 == std::string::npos) return std::nullopt;
      build.callees[key] = split(value.substr(0, tab2), ',');
      build.waived_by_target[key] = std::strtoul(value.c_str() + tab2 + 1, nullptr, 10);
    } else if (section == "[files]") {
      build.outputs_intact = build.outputs_intact && stat_key(build.out / key) == value;
      ++build.files;
    }
  }
  return build;
}

std::vector<std::string> changed_inputs_since(const CachedBuild& last, const InputSnapshot& now) {
  std::vector<std::string> changed;
  for (const auto& [path, hash] : now.files) {
    auto was = last.inputs.find(path);
    if (was == last.inputs.end() || was->second != hash) changed.push_back(path);
  }
  for (const auto& [path, hash] : last.inputs) {
    if (!now.files.count(path)) changed.push_back(path);
  }
  return changed;
}

void record_build(const fs::path& root_dir, const std::string& options_key,
                  const InputSnapshot& inputs, const BuildRecord& build) {
  auto file = cache_file(root_dir, options_key);
  if (!file) return;
  const fs::path out = fs::absolute(build.out).lexically_normal();
  std::string text = std::string(kHeader) + "\n" + inputs.fingerprint + "\n" + out.string() + "\n" +
                     build.module_dir.string() + "\n" + std::to_string(build.targets) + "\n" +
                     std::to_string(build.waived) + "\n[inputs]\n";
  for (const auto& [path, hash] : inputs.files) text += path + "\t" + hash + "\n";
  text += "[targets]\n";
  for (const auto& [id, callees] : build.callees) {
    text += id + "\t";
    for (std::size_t i = 0; i < callees.size(); ++i) text += (i ? "," : "") + callees[i];
    auto waived = build.waived_by_target.find(id);
    text += "\t" + std::to_string(waived == build.waived_by_target.end() ? 0 : waived->second);
    text += "\n";
  }
  text += "[files]\n";
  for (const auto& f : build.files) {
    std::string key = stat_key(out / f);
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
