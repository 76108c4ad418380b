#include "base/inputs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "base/hash.h"
#include "base/line_field.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

// The whole file's hash, streamed: no cap, so a large file's change is never hidden.
std::string file_state(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno == ENOENT || errno == ENOTDIR
               ? "f absent"
               : std::string("f unreadable: ") + std::strerror(errno);
  }
  Fnv1a h;
  std::uint64_t size = 0;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      return "f unreadable: " + why;
    }
    if (n == 0) break;
    h.bytes(std::string_view(buffer, static_cast<std::size_t>(n)));
    size += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  return "f " + hex_prefix(h.value(), 16) + " " + std::to_string(size);
}

std::vector<DirEntry> entries_of(const fs::path& dir, bool& is_dir) {
  std::vector<DirEntry> out;
  std::error_code ec;
  is_dir = fs::is_directory(dir, ec);
  if (!is_dir) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    DirEntry e;
    e.path = it->path();
    e.name = e.path.filename().string();
    std::error_code kind_ec;
    e.is_dir = it->is_directory(kind_ec);
    e.is_file = !e.is_dir && it->is_regular_file(kind_ec);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

std::string listing_state(bool is_dir, const std::vector<DirEntry>& entries) {
  if (!is_dir) return "d absent";
  std::string state = "d";
  for (const auto& e : entries) state += "\t" + escape_field(e.name) + (e.is_dir ? "/" : "");
  return state;
}

std::set<std::string> listed_names(const std::string& state) {
  std::set<std::string> names;
  std::size_t start = state.find('\t');
  while (start != std::string::npos) {
    std::size_t end = state.find('\t', start + 1);
    std::string name = state.substr(start + 1, end == std::string::npos ? end : end - start - 1);
    if (!name.empty() && name.back() == '/') name.pop_back();
    names.insert(name);
    start = end;
  }
  return names;
}

}  // namespace

std::string Inputs::key_of(const fs::path& path) const {
  fs::path relative = path.lexically_normal().lexically_relative(root_);
  return relative.empty() ? path.lexically_normal().generic_string() : relative.generic_string();
}

void Inputs::put(std::string key, std::string state) {
  std::lock_guard<std::mutex> lock(mutex_);
  record_[std::move(key)] = std::move(state);
}

ReadResult Inputs::read(const fs::path& path, std::size_t max_bytes) {
  ReadResult r = read_text_file(path, max_bytes);
  // The content read is hashed in memory; a refused (too large) file is hashed from disk.
  std::string state;
  if (r.text) {
    state = "f " + hex_prefix(fnv1a64(*r.text), 16) + " " + std::to_string(r.text->size());
  } else {
    state = file_state(path);
  }
  put(key_of(path), std::move(state));
  return r;
}

std::vector<DirEntry> Inputs::list(const fs::path& dir) {
  bool is_dir = false;
  std::vector<DirEntry> entries = entries_of(dir, is_dir);
  std::string key = key_of(dir);
  if (key == ".") key.clear();
  put(key + "/", listing_state(is_dir, entries));
  return entries;
}

void Inputs::read_tree(const fs::path& dir, std::size_t max_bytes) {
  for (const auto& e : list(dir)) {
    if (e.is_dir) {
      read_tree(e.path, max_bytes);
    } else if (e.is_file) {
      read(e.path, max_bytes);
    }
  }
}

InputRecord Inputs::record() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return record_;
}

ReadResult read_input(Inputs* inputs, const fs::path& path, std::size_t max_bytes) {
  return inputs ? inputs->read(path, max_bytes) : read_text_file(path, max_bytes);
}

std::vector<DirEntry> list_input(Inputs* inputs, const fs::path& dir) {
  if (inputs) return inputs->list(dir);
  bool is_dir = false;
  return entries_of(dir, is_dir);
}

std::string current_input_state(const fs::path& root, const std::string& key) {
  if (!key.empty() && key.back() == '/') {
    bool is_dir = false;
    auto entries = entries_of(root / key.substr(0, key.size() - 1), is_dir);
    return listing_state(is_dir, entries);
  }
  return file_state(root / key);
}

InputRecord restate_inputs(const fs::path& root, const InputRecord& before) {
  InputRecord now;
  for (const auto& [key, _] : before) now[key] = current_input_state(root, key);
  return now;
}

std::vector<std::string> changed_input_paths(const InputRecord& before, const InputRecord& after) {
  std::set<std::string> out;
  auto compare = [&](const std::string& key, const std::string* was, const std::string* is) {
    if (was && is && *was == *is) return;
    if (key.empty() || key.back() != '/') {
      out.insert(key);
      return;
    }
    // A folder: the entries that came or went (a changed file inside is its own key).
    std::set<std::string> a = was ? listed_names(*was) : std::set<std::string>{};
    std::set<std::string> b = is ? listed_names(*is) : std::set<std::string>{};
    bool any = false;
    for (const auto& n : a) {
      if (!b.count(n)) out.insert(key + n), any = true;
    }
    for (const auto& n : b) {
      if (!a.count(n)) out.insert(key + n), any = true;
    }
    // Same names, another state (a file became a folder, or the folder appeared empty).
    if (!any) out.insert(key.size() > 1 ? key.substr(0, key.size() - 1) : key);
  };
  for (const auto& [key, state] : before) {
    auto it = after.find(key);
    compare(key, &state, it == after.end() ? nullptr : &it->second);
  }
  for (const auto& [key, state] : after) {
    if (!before.count(key)) compare(key, nullptr, &state);
  }
  return {out.begin(), out.end()};
}

std::string input_line(const std::string& key, const std::string& state) {
  return escape_field(key) + "\t" + state;
}

bool parse_input_line(const std::string& line, std::string& key, std::string& state) {
  std::size_t tab = line.find('\t');
  if (tab == std::string::npos) return false;
  key = unescape_field(std::string_view(line).substr(0, tab));
  state = line.substr(tab + 1);
  return true;
}

}  // namespace infrac
