#include "driver/build_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

#include "base/cache_dir.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/line_field.h"
#include "driver/cli_host.h"
#include "emit/tree_writer.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "infrac-build-cache v5";

std::optional<fs::path> cache_file(const fs::path& root, const std::string& options_key) {
  std::optional<fs::path> base = infrac_cache_dir(cli_host());
  if (!base) return std::nullopt;
  return *base / "builds" /
         short_hash(fs::absolute(root).lexically_normal().string() + "\n" + options_key, 16);
}

std::string stat_key(const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return {};
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

// The stat key of files below `out` by relative path, each folder opened once: a tree's
// files come sorted, so a folder's files follow each other, and each costs a lookup of its
// name instead of one per component of its path (55,000 files at 1,000 services).
class TreeStat {
 public:
  explicit TreeStat(fs::path out) : out_(std::move(out)) {}
  ~TreeStat() { close_folder(); }
  TreeStat(const TreeStat&) = delete;
  TreeStat& operator=(const TreeStat&) = delete;

  std::string key(std::string_view rel) {
    std::size_t slash = rel.rfind('/');
    std::string_view folder = slash == std::string_view::npos ? "" : rel.substr(0, slash);
    if (!open_ || folder != folder_) {
      close_folder();
      folder_ = folder;
      fd_ = ::open((out_ / folder_).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      open_ = true;
    }
    std::string name(slash == std::string_view::npos ? rel : rel.substr(slash + 1));
    struct stat st {};
    if (fd_ < 0 || name.empty() || ::fstatat(fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return {};
    return stat_key(st);
  }

 private:
  void close_folder() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    open_ = false;
  }
  fs::path out_;
  std::string folder_;
  int fd_ = -1;
  bool open_ = false;
};

// The recorded state of `path` in the last build's sorted [files] lines from `at` on (moved
// past it), or nothing.
std::optional<std::string_view> kept_state(std::string_view lines, std::size_t& at,
                                           std::string_view path) {
  while (at < lines.size()) {
    std::size_t end = lines.find('\n', at);
    if (end == std::string_view::npos) end = lines.size();
    std::string_view line = lines.substr(at, end - at);
    std::size_t tab = line.find('\t');
    std::string_view name = line.substr(0, tab);
    if (tab == std::string_view::npos || name > path) return std::nullopt;
    at = end + 1;
    if (name == path) return line.substr(tab + 1);
  }
  return std::nullopt;
}

// "path\tstate" for every file of the tree: kept from the last build for the files this one
// did not rewrite, read from the disk for the others. False when a file is missing.
bool append_file_states(std::string& text, const fs::path& out, const BuildRecord& build) {
  const CachedBuild* last = build.last;
  bool keep = last && last->outputs_intact && fs::absolute(last->out).lexically_normal() == out;
  std::string_view kept = keep ? std::string_view(last->file_states) : std::string_view();
  std::size_t at = 0;
  TreeStat tree(out);
  for (const auto& f : build.files) {
    std::optional<std::string_view> state;
    // The manifest changes with any file; its line comes last, out of order.
    if (keep && f != kManifestName &&
        !std::binary_search(build.rewritten.begin(), build.rewritten.end(), f))
      state = kept_state(kept, at, f);
    std::string now = state ? std::string(*state) : tree.key(f);
    if (now.empty()) return false;
    text += f + "\t" + now + "\n";
  }
  return true;
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
  const std::string& text = *r.text;
  std::size_t at = 0, files_at = text.size();
  auto getline = [&](std::string& line) {
    if (at >= text.size()) return false;
    std::size_t end = std::min(text.find('\n', at), text.size());
    line.assign(text, at, end - at);
    at = end + 1;
    return true;
  };
  std::string line, section;
  CachedBuild build;
  std::set<std::string> ids;
  std::vector<TargetEdge> edges;
  std::vector<std::string> head;
  for (int i = 0; i < 6 && getline(line); ++i) head.push_back(line);
  if (head.size() < 6 || head[0] != kHeader) return std::nullopt;
  build.fingerprint = head[1];
  build.out = head[2];
  build.targets = std::strtoul(head[3].c_str(), nullptr, 10);
  build.waived = std::strtoul(head[4].c_str(), nullptr, 10);
  build.warnings = std::strtoul(head[5].c_str(), nullptr, 10);
  build.outputs_intact = true;
  std::optional<TreeStat> tree;
  while (getline(line)) {
    if (line == "[inputs]" || line == "[targets]" || line == "[edges]" || line == "[report]" ||
        line == "[judged]" || line == "[files]") {
      if (section == "[files]") return std::nullopt;  // written last, always
      section = line;
      if (section == "[files]") files_at = std::min(at, text.size());
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
    } else if (section == "[judged]") {
      // "@digest" is no target id (those are env/service).
      if (key == "@digest")
        build.cross_digest = value;
      else
        build.judgements[key] = unescape_field(value);
    } else if (section == "[targets]") {
      ids.insert(key);
      build.waived_by_target[key] = std::strtoul(value.c_str(), nullptr, 10);
    } else if (section == "[files]") {
      if (!tree) tree.emplace(build.out);
      build.outputs_intact = build.outputs_intact && tree->key(key) == value;
      ++build.files;
    }
  }
  build.graph = TargetGraph(std::move(ids), std::move(edges));
  // The [files] section is the last: kept as read, without a copy.
  if (build.outputs_intact) {
    build.file_states = std::move(*r.text);
    build.file_states.erase(0, files_at);
  }
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
  if (build.judgements) {
    text += "[judged]\n@digest\t" + build.cross_digest + "\n";
    for (const auto& [id, verdict] : *build.judgements)
      text += id + "\t" + escape_field(verdict) + "\n";
  }
  text += "[files]\n";
  if (!append_file_states(text, out, build)) return;
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
