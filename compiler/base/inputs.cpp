#include "base/inputs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "base/hash.h"
#include "base/line_field.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

std::string file_state(const FileDigest& d) {
  if (d.absent) return "f absent";
  if (!d.error.empty()) return "f unreadable: " + d.error;
  return "f " + hex_prefix(d.hash, 16) + " " + std::to_string(d.size);
}

std::string listing_state(const std::optional<std::vector<DirEntry>>& entries) {
  if (!entries) return "d absent";
  std::string state = "d";
  for (const auto& e : *entries) state += "\t" + escape_field(e.name) + (e.is_dir ? "/" : "");
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
  ReadResult r = host_.read_file(path, max_bytes);
  // The content read is hashed in memory; a refused (too large) file is hashed from disk.
  std::string state;
  if (r.text) {
    state = "f " + hex_prefix(fnv1a64(*r.text), 16) + " " + std::to_string(r.text->size());
  } else {
    state = file_state(host_.digest_file(path));
  }
  put(key_of(path), std::move(state));
  return r;
}

std::vector<DirEntry> Inputs::list(const fs::path& dir) {
  std::optional<std::vector<DirEntry>> entries = host_.list_dir(dir);
  std::string key = key_of(dir);
  if (key == ".") key.clear();
  put(key + "/", listing_state(entries));
  return entries ? std::move(*entries) : std::vector<DirEntry>{};
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
  return list_folder(dir).value_or(std::vector<DirEntry>{});
}

std::string current_input_state(const Host& host, const fs::path& root, const std::string& key) {
  if (!key.empty() && key.back() == '/')
    return listing_state(host.list_dir(root / key.substr(0, key.size() - 1)));
  return file_state(host.digest_file(root / key));
}

InputRecord restate_inputs(const Host& host, const fs::path& root, const InputRecord& before) {
  InputRecord now;
  for (const auto& [key, _] : before) now[key] = current_input_state(host, root, key);
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
