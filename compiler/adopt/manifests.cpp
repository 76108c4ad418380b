#include "adopt/manifests.h"

#include <algorithm>

#include "base/fs.h"
#include "lower/patches.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> yaml_files(const std::vector<fs::path>& paths, Diagnostics& diagnostics,
                                 SourceFiles& files) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& p : paths) {
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        auto ext = e.path().extension();
        if (e.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else {
      FileId id = files.add(p.string(), "");
      diagnostics.add(DiagCode::kFileUnreadable, Location{id, 1, 1, 1},
                      "cannot read " + p.string() + ": no such file or directory");
    }
  }
  return out;
}

void add_object(const Node& doc, std::vector<Manifest>& out) {
  if (!doc.is_map()) return;
  std::string kind = text_at(doc, "kind");
  if (kind == "List" || kind.ends_with("List")) {
    if (const Node* items = doc.find("items"))
      for (const auto& i : items->items) add_object(i, out);
    return;
  }
  const Node* md = doc.find("metadata");
  if (kind.empty() || !md) return;
  Manifest m;
  m.kind = kind;
  m.name = text_at(*md, "name");
  m.ns = text_at(*md, "namespace");
  m.node = doc;
  m.value = kvalue_of(doc);
  out.push_back(std::move(m));
}

}  // namespace

std::vector<Manifest> read_manifests(const std::vector<fs::path>& paths, SourceFiles& files,
                                     Diagnostics& diagnostics, const YamlLimits& limits) {
  std::vector<Manifest> out;
  for (const auto& path : yaml_files(paths, diagnostics, files)) {
    ReadResult r = read_text_file(path, limits.max_file_bytes);
    if (!r.text) {
      FileId id = files.add(path.string(), "");
      diagnostics.add(DiagCode::kFileUnreadable, Location{id, 1, 1, 1},
                      "cannot read " + path.string() + ": " + r.error);
      continue;
    }
    FileId id = files.add(path.string(), std::move(*r.text));
    auto docs = load_yaml_documents(id, *files.get(id), diagnostics, limits);
    if (!docs) continue;
    for (const auto& d : *docs) add_object(d, out);
  }
  return out;
}

}  // namespace infrac
