#include "spec/repository.h"

#include <algorithm>
#include <cctype>

#include "base/fs.h"
#include "base/parallel.h"
#include "spec/score.h"
#include "spec/spec_cache.h"

namespace fs = std::filesystem;

namespace infrac {
namespace {

// One file to load: read (in parallel, through the recorded inputs), then given its id in
// folder order (ids never depend on which thread read first), then parsed (in parallel).
struct Pending {
  fs::path path;
  std::string folder;
  ReadResult read;
  bool both = false;  // services/<folder> has service.yaml and score.yaml
  bool score = false;
  bool present = false;  // a folder with neither file is not a service (a README folder)
  std::string misnamed;  // a spec under another name (service.yml): refused, never skipped
};

// service.yml, Service.yaml, SCORE.YML...: a spec file infrac would otherwise not read.
bool misnamed_spec(const std::string& name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower == name && (name == "service.yaml" || name == "score.yaml")) return false;
  return lower == "service.yaml" || lower == "service.yml" || lower == "score.yaml" ||
         lower == "score.yml";
}

bool yaml_name(const std::string& name) {
  return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".YAML") ||
         name.ends_with(".YML");
}

bool spec_name(const std::string& name) {
  return misnamed_spec(name) || name == "service.yaml" || name == "score.yaml";
}

// A spec infrac would not read where it is, and where it belongs.
struct Misplaced {
  fs::path path;
  std::string belongs;
};

// services/orders.yaml, services/<group>/orders/service.yaml (a folder below a service folder
// that has no spec of its own), service.yaml beside infrac.yaml: refused, never skipped.
std::vector<Misplaced> misplaced_specs(Inputs& inputs, const fs::path& root,
                                       const std::vector<std::string>& empty_folders,
                                       const YamlLimits& limits) {
  std::vector<Misplaced> out;
  // Named reads, not a listing of the root: its other entries (out/, README.md) are no input.
  for (const char* name : {"service.yaml", "service.yml", "score.yaml", "score.yml"}) {
    ReadResult read = inputs.read(root / name, limits.max_file_bytes);
    if (read.text || read.too_large) out.push_back({root / name, "services/<name>/service.yaml"});
  }
  for (const auto& e : inputs.list(root / "services")) {
    if (!e.is_file || !yaml_name(e.name)) continue;
    std::string stem = e.name.substr(0, e.name.rfind('.'));
    out.push_back({e.path, "services/" + stem + "/service.yaml"});
  }
  for (const auto& folder : empty_folders) {
    for (const auto& sub : inputs.list(root / "services" / folder)) {
      if (!sub.is_dir) continue;
      for (const auto& e : inputs.list(sub.path)) {
        if (e.is_file && spec_name(e.name))
          out.push_back({e.path, "services/" + sub.name + "/service.yaml"});
      }
    }
  }
  return out;
}

void report_misplaced(Inputs& inputs, const std::vector<Misplaced>& found, const fs::path& root,
                      SourceFiles& files, Diagnostics& diagnostics, const YamlLimits& limits) {
  for (const auto& m : found) {
    ReadResult read = inputs.read(m.path, limits.max_file_bytes);  // quoted at 1:1
    std::string shown = display_path(m.path, root);
    FileId id = files.add(shown, read.text ? std::move(*read.text) : "");
    diagnostics
        .add(DiagCode::kSpecMisplaced, Location{id, 1, 1, 1},
             shown +
                 " is not read: infrac reads a service's spec only at services/<name>/"
                 "service.yaml")
        .help = "move it to " + m.belongs + " (one folder per service, named like the service)";
  }
}

Pending read_one(Inputs& inputs, fs::path path, std::string folder, const YamlLimits& limits) {
  Pending p;
  p.path = std::move(path);
  p.folder = std::move(folder);
  p.read = inputs.read(p.path, limits.max_file_bytes);
  p.present = true;
  return p;
}

// services/<folder>/service.yaml, or a Score workload (score.yaml) read as one; both is E0152.
Pending read_service(Inputs& inputs, const fs::path& dir, const std::string& folder,
                     const YamlLimits& limits) {
  bool score = false, spec = false;
  std::string misnamed;
  for (const auto& e : inputs.list(dir)) {
    score = score || (e.name == "score.yaml" && e.is_file);
    spec = spec || (e.name == "service.yaml" && e.is_file);
    if (e.is_file && misnamed_spec(e.name)) misnamed = e.name;
  }
  if (!score && !spec) {
    Pending p;
    p.folder = folder;
    p.misnamed = misnamed;
    p.present = !misnamed.empty();
    p.path = dir / (misnamed.empty() ? "service.yaml" : misnamed);
    if (p.present) p.read = inputs.read(p.path, limits.max_file_bytes);  // quoted at 1:1
    return p;
  }
  Pending p = read_one(inputs, dir / (score ? "score.yaml" : "service.yaml"), folder, limits);
  p.score = score;
  p.both = score && spec;
  return p;
}

LoadedFile add_file(Pending& p, const fs::path& root, SourceFiles& files) {
  LoadedFile out;
  out.folder = p.folder;
  out.file = files.add(display_path(p.path, root), p.read.text ? std::move(*p.read.text) : "");
  return out;
}

void parse_file(const Pending& p, LoadedFile& out, SourceFiles& files, Diagnostics& diagnostics,
                const YamlLimits& limits, const SpecCache* cache) {
  Location at{out.file, 1, 1, 1};
  if (!p.misnamed.empty()) {
    bool score = p.misnamed[1] == 'c' || p.misnamed[1] == 'C';
    diagnostics
        .add(DiagCode::kMisnamedSpec, at,
             "services/" + p.folder + "/" + p.misnamed + " is not read: infrac reads " +
                 (score ? "score.yaml" : "service.yaml"))
        .help = std::string("rename it to ") + (score ? "score.yaml" : "service.yaml");
    return;
  }
  if (p.read.too_large) {
    diagnostics.add(DiagCode::kFileTooLarge, at,
                    "file is larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    return;
  }
  if (!p.read.text && !p.read.error.empty()) {
    diagnostics.add(DiagCode::kFileUnreadable, at, "cannot read file: " + p.read.error);
    return;
  }
  if (p.both) {
    diagnostics
        .add(DiagCode::kScoreUnsupported, at,
             "services/" + p.folder + " has both service.yaml and score.yaml")
        .help = "keep one of them";
    return;
  }
  out.root = load_yaml_cached(out.file, *files.get(out.file), diagnostics, limits, cache);
  if (p.score && out.root) out.root = score_to_service(*out.root, diagnostics);
}

}  // namespace

std::optional<fs::path> find_repository_root(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  for (;;) {
    if (fs::is_regular_file(dir / "infrac.yaml", ec)) return dir;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

std::optional<fs::path> repository_root(const std::string& root_option) {
  std::optional<fs::path> root = root_option.empty() ? find_repository_root(fs::current_path())
                                                     : std::optional(fs::path(root_option));
  std::error_code ec;
  if (!root || !fs::is_regular_file(*root / "infrac.yaml", ec)) return std::nullopt;
  return fs::absolute(*root).lexically_normal();
}

LoadedRepository load_repository(Inputs& inputs, SourceFiles& files, Diagnostics& diagnostics,
                                 unsigned jobs, const YamlLimits& limits, const SpecCache* cache) {
  const fs::path& root = inputs.root();
  LoadedRepository repo;
  repo.root = root;
  std::error_code ec;
  fs::path canonical_root = fs::weakly_canonical(root, ec);

  std::vector<std::string> folders;
  fs::path services_dir = root / "services";
  std::vector<FileId> refused;
  for (const auto& entry : inputs.list(services_dir)) {
    if (!entry.is_dir) continue;
    // A symlinked folder must not lead outside the repository.
    fs::path real = fs::weakly_canonical(entry.path, ec);
    auto [end, _] =
        std::mismatch(canonical_root.begin(), canonical_root.end(), real.begin(), real.end());
    if (end != canonical_root.end()) {
      FileId id = files.add(display_path(entry.path / "service.yaml", root), "");
      diagnostics.add(
          DiagCode::kFileUnreadable, Location{id, 1, 1, 1},
          "services/" + entry.name + " leads outside the repository; refusing to read it");
      continue;
    }
    folders.push_back(entry.name);
  }

  // Slot 0 is infrac.yaml, the rest are service folders; every slot is filled by one thread.
  std::vector<Pending> pending(folders.size() + 1);
  parallel_for(pending.size(), jobs, [&](std::size_t i) {
    pending[i] = i == 0
                     ? read_one(inputs, root / "infrac.yaml", "", limits)
                     : read_service(inputs, services_dir / folders[i - 1], folders[i - 1], limits);
  });
  std::vector<std::size_t> kept = {0};
  std::vector<std::string> empty_folders;
  for (std::size_t i = 1; i < pending.size(); ++i) {
    if (pending[i].present) kept.push_back(i);
    if (!pending[i].present) empty_folders.push_back(pending[i].folder);
  }
  std::vector<LoadedFile> loaded;
  for (std::size_t i : kept) loaded.push_back(add_file(pending[i], root, files));
  report_misplaced(inputs, misplaced_specs(inputs, root, empty_folders, limits), root, files,
                   diagnostics, limits);
  parallel_for(kept.size(), jobs, [&](std::size_t k) {
    parse_file(pending[kept[k]], loaded[k], files, diagnostics, limits, cache);
  });
  repo.project = std::move(loaded.front());
  repo.services.assign(std::make_move_iterator(loaded.begin() + 1),
                       std::make_move_iterator(loaded.end()));
  return repo;
}

}  // namespace infrac
