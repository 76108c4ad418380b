#include "fake_host.h"

#include "base/hash.h"
#include "support.h"

namespace infrac::test {
namespace fs = std::filesystem;

void FakeHost::copy_tree(const fs::path& dir, const fs::path& at) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      files[(at / e.path().lexically_relative(dir)).generic_string()] = read_file(e.path());
  }
}

Host FakeHost::host() {
  Host h;
  h.env = [this](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  h.today = [this] { return today; };
  h.now_unix = [this] { return now_unix; };
  h.run_process = [this](const std::vector<std::string>& argv, const ProcessOptions&) {
    std::lock_guard<std::mutex> lock(mutex);
    ran.push_back(argv);
    if (program) return program(argv);
    ProcessResult missing;
    missing.exit_code = 127;
    return missing;
  };
  h.read_file = [this](const fs::path& path, std::size_t max_bytes) {
    ReadResult r;
    auto it = files.find(path.lexically_normal().generic_string());
    if (it == files.end()) {
      r.error = "No such file or directory";
    } else if (it->second.size() > max_bytes) {
      r.too_large = true;
      r.error = "file is larger than the limit";
    } else {
      r.text = it->second;
    }
    return r;
  };
  h.list_dir = [this](const fs::path& dir) -> std::optional<std::vector<DirEntry>> {
    std::string prefix = dir.lexically_normal().generic_string();
    if (prefix.empty() || prefix.back() != '/') prefix += '/';
    std::map<std::string, bool> names;  // name -> is a folder
    for (auto it = files.lower_bound(prefix); it != files.end(); ++it) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      std::string rest = it->first.substr(prefix.size());
      std::size_t slash = rest.find('/');
      names[rest.substr(0, slash)] |= slash != std::string::npos;
    }
    if (names.empty()) return std::nullopt;
    std::vector<DirEntry> out;
    for (const auto& [name, is_dir] : names)
      out.push_back({name, is_dir, !is_dir, fs::path(prefix + name)});
    return out;
  };
  h.digest_file = [this](const fs::path& path) {
    FileDigest d;
    auto it = files.find(path.lexically_normal().generic_string());
    d.absent = it == files.end();
    if (!d.absent) d.hash = fnv1a64(it->second), d.size = it->second.size();
    return d;
  };
  h.make_temp_dir = [this](const std::string&) { return temp_dir; };
  return h;
}

}  // namespace infrac::test
