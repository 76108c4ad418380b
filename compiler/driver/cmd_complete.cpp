// `infrac __complete envs|services`: what a shell offers after --env, --service and the
// ENV/SERVICE arguments. It runs on every Tab, so it reads only infrac.yaml's environment
// keys and the services/ folder names, never compiles, and says nothing on stderr.
#include <algorithm>
#include <filesystem>

#include "base/fs.h"
#include "base/source_files.h"
#include "driver/commands.h"
#include "spec/repository.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

std::vector<std::string> environment_names(const std::filesystem::path& root) {
  ReadResult read = read_text_file(root / "infrac.yaml", YamlLimits{}.max_file_bytes);
  if (!read.text) return {};
  SourceFiles files;
  FileId id = files.add("infrac.yaml", *read.text);
  Diagnostics ignored;
  std::optional<Node> project = load_yaml(id, *files.get(id), ignored);
  const Node* envs = project ? find_path(*project, {"spec", "environments"}) : nullptr;
  std::vector<std::string> names;
  if (envs && envs->is_map()) {
    for (const auto& e : envs->entries) names.push_back(e.key);
  }
  return names;
}

// A folder of services/ is a service when it holds a spec (service.yaml, or a Score
// workload's score.yaml).
std::vector<std::string> service_names(const std::filesystem::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root / "services", ec)) {
    const auto& dir = entry.path();
    if (std::filesystem::exists(dir / "service.yaml", ec) ||
        std::filesystem::exists(dir / "score.yaml", ec)) {
      names.push_back(dir.filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

int cmd_complete_names(const std::string& what, const std::string& root_option, Io io) {
  std::optional<std::filesystem::path> root = repository_root(root_option);
  if (!root) return kExitFailure;
  for (const auto& name : what == "envs" ? environment_names(*root) : service_names(*root)) {
    io.out << name << "\n";
  }
  return kExitOk;
}

}  // namespace infrac
