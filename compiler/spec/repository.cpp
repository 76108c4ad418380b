#include "spec/repository.h"

#include <algorithm>

#include "base/fs.h"
#include "base/parallel.h"
#include "spec/score.h"

namespace fs = std::filesystem;

namespace infrac {
namespace {

LoadedFile load_one(const fs::path& path, const fs::path& root, std::string folder,
                    SourceFiles& files, Diagnostics& diagnostics, const YamlLimits& limits) {
  LoadedFile out;
  out.folder = std::move(folder);
  std::string shown = display_path(path, root);
  ReadResult read = read_text_file(path, limits.max_file_bytes);
  if (!read.text) {
    out.file = files.add(shown, "");
    Location at{out.file, 1, 1, 1};
    if (read.too_large) {
      diagnostics.add(DiagCode::kFileTooLarge, at,
                      "file is larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    } else {
      diagnostics.add(DiagCode::kFileUnreadable, at, "cannot read file: " + read.error);
    }
    return out;
  }
  out.file = files.add(shown, std::move(*read.text));
  out.root = load_yaml(out.file, *files.get(out.file), diagnostics, limits);
  return out;
}

// services/<folder>/service.yaml, or a Score workload (score.yaml) read as one; both is E0152.
LoadedFile load_service(const fs::path& dir, const fs::path& root, const std::string& folder,
                        SourceFiles& files, Diagnostics& diagnostics, const YamlLimits& limits) {
  std::error_code ec;
  bool score = fs::is_regular_file(dir / "score.yaml", ec);
  if (!score) return load_one(dir / "service.yaml", root, folder, files, diagnostics, limits);
  LoadedFile out = load_one(dir / "score.yaml", root, folder, files, diagnostics, limits);
  if (fs::is_regular_file(dir / "service.yaml", ec)) {
    diagnostics
        .add(DiagCode::kScoreUnsupported, Location{out.file, 1, 1, 1},
             "services/" + folder + " has both service.yaml and score.yaml")
        .help = "keep one of them";
    out.root.reset();
    return out;
  }
  if (out.root) out.root = score_to_service(*out.root, diagnostics);
  return out;
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

LoadedRepository load_repository(const fs::path& root, SourceFiles& files, Diagnostics& diagnostics,
                                 unsigned jobs, const YamlLimits& limits) {
  LoadedRepository repo;
  repo.root = root;
  std::error_code ec;
  fs::path canonical_root = fs::weakly_canonical(root, ec);

  std::vector<std::string> folders;
  fs::path services_dir = root / "services";
  if (fs::is_directory(services_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(services_dir, ec)) {
      if (!entry.is_directory(ec)) continue;
      if (!fs::is_regular_file(entry.path() / "service.yaml", ec) &&
          !fs::is_regular_file(entry.path() / "score.yaml", ec))
        continue;
      // A symlinked folder must not lead outside the repository.
      fs::path real = fs::weakly_canonical(entry.path(), ec);
      auto [end, _] =
          std::mismatch(canonical_root.begin(), canonical_root.end(), real.begin(), real.end());
      if (end != canonical_root.end()) {
        FileId id = files.add(display_path(entry.path() / "service.yaml", root), "");
        diagnostics.add(DiagCode::kFileUnreadable, Location{id, 1, 1, 1},
                        "services/" + entry.path().filename().string() +
                            " leads outside the repository; refusing to read it");
        continue;
      }
      folders.push_back(entry.path().filename().string());
    }
  }
  std::sort(folders.begin(), folders.end());

  repo.services.resize(folders.size());
  // Slot 0 is infrac.yaml, the rest are services; every slot is filled by exactly one thread.
  parallel_for(folders.size() + 1, jobs, [&](std::size_t i) {
    if (i == 0) {
      repo.project = load_one(root / "infrac.yaml", root, "", files, diagnostics, limits);
    } else {
      const std::string& folder = folders[i - 1];
      repo.services[i - 1] =
          load_service(services_dir / folder, root, folder, files, diagnostics, limits);
    }
  });
  return repo;
}

}  // namespace infrac
