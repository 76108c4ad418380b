#include "driver/build_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <sstream>
#include <system_error>

#include "base/cache_dir.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/line_field.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "infrac-build-cache v5";

std::optional<fs::path> cache_file(const fs::path& root, const std::string& options_key) {
  std::optional<fs::path> base = infrac_cache_dir();
  if (!base) return std::nullopt;
  return *base / "builds" /
         short_hash(fs::absolute(root).lexically_normal().string() + "\n" + options_key, 16);
}

std::string stat_key(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

}  // namespace

std::string build_fingerprint(const std::string& options_key, const InputRecord& inputs) {
  std::string binary = binary_identity();
  if (binary.empty()) return {};
  std::string all = options_key + "\n" + binary + "\n";
  for (const auto& [key, state] : inputs) all += input_line(key, state) + "\n";
  return short_hash(all, 16);
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
  std::set<std::string> ids;
  std::vector<TargetEdge> edges;
  std::vector<std::string> head;
  for (int i = 0; i < 6 && std::getline(in, line); ++i) head.push_back(line);
  if (head.size() < 6 || head[0] != kHeader) return std::nullopt;
  build.fingerprint = head[1];
  build.out = head[2];
  build.targets = std::strtoul(head[3].c_str(), nullptr, 10);
  build.waived = std::strtoul(head[4].c_str(), nullptr, 10);
  build.warnings = std::strtoul(head[5].c_str(), nullptr, 10);
  build.outputs_intact = true;
  while (std::getline(in, line)) {
    if (line == "[inputs]" || line == "[targets]" || line == "[edges]" || line == "[report]" ||
        line == "[files]") {
      section = line;
      continue;
    }
    if (section == "[inputs]") {
      std::string key, state;
      if (!parse_input_line(line, key, state)) return std::nullopt;
      build.inputs[key] = state;
      continue;
    }
    if (section == "[edges]") {
      TargetEdge edge;
      if (!parse_edge_line(line, edge)) return std::nullopt;
      edges.push_back(std::move(edge));
      continue;
    }
    auto tab = line.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    std::string key = line.substr(0, tab), value = line.substr(tab + 1);
    if (section == "[report]") {
      build.report[key] = unescape_field(value);
    } else if (section == "[targets]") {
      ids.insert(key);
      build.waived_by_target[key] = std::strtoul(value.c_str(), nullptr, 10);
    } else if (section == "[files]") {
      build.outputs_intact = build.outputs_intact && stat_key(build.out / key) == value;
      ++build.files;
    }
  }
  build.graph = TargetGraph(std::move(ids), std::move(edges));
  return build;
}

void record_build(const fs::path& root_dir, const std::string& options_key,
                  const BuildRecord& build) {
  auto file = cache_file(root_dir, options_key);
  std::string fingerprint = build_fingerprint(options_key, build.inputs);
  if (!file || fingerprint.empty()) return;
  const fs::path out = fs::absolute(build.out).lexically_normal();
  std::string text = std::string(kHeader) + "\n" + fingerprint + "\n" + out.string() + "\n" +
                     std::to_string(build.targets) + "\n" + std::to_string(build.waived) + "\n" +
                     std::to_string(build.warnings) + "\n[inputs]\n";
  for (const auto& [key, state] : build.inputs) text += input_line(key, state) + "\n";
  text += "[targets]\n";
  for (const auto& id : build.graph->targets()) {
    auto waived = build.waived_by_target.find(id);
    text += id + "\t" +
            std::to_string(waived == build.waived_by_target.end() ? 0 : waived->second) + "\n";
  }
  text += "[edges]\n";
  for (const auto& e : build.graph->edges()) text += edge_line(e) + "\n";
  text += "[report]\n";
  for (const auto& [key, value] : build.report) text += key + "\t" + escape_field(value) + "\n";
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
