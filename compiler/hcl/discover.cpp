#include "hcl/discover.h"

#include <algorithm>
#include <system_error>

namespace infrac {

Discovered find_tf_files(const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  Discovered out;
  for (const auto& root : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      out.errors.push_back(root.generic_string() + ": no such file or directory");
      continue;
    }
    if (fs::is_regular_file(status)) {
      out.files.push_back(root.lexically_normal());
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    if (ec) {
      out.errors.push_back(root.generic_string() + ": " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        out.errors.push_back(root.generic_string() + ": " + ec.message());
        break;
      }
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
        continue;
      }
      if (p.extension() == ".tf" && it->is_regular_file(ec))
        out.files.push_back(p.lexically_normal());
    }
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

}  // namespace infrac
