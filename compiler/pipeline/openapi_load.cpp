#include "pipeline/openapi_load.h"

#include <set>

#include "base/fs.h"

namespace infrac {

OpenApiDocuments load_openapi_documents(const Model& model, Inputs& inputs,
                                        const YamlLimits& limits, SourceFiles& files,
                                        Diagnostics& diagnostics) {
  OpenApiDocuments out;
  std::set<std::string> tried;
  for (const auto& t : model.targets) {
    if (t.runtime != Runtime::CloudRun || t.openapi.empty()) continue;
    std::string shown = "services/" + t.service + "/" + t.openapi;
    if (!tried.insert(shown).second) continue;
    ReadResult r = inputs.read(inputs.root() / shown, limits.max_file_bytes);
    if (!r.text) {
      diagnostics.add(
          DiagCode::kOpenApiInvalid, t.openapi_location,
          "cannot read " + shown + ": " +
              (r.too_large ? "larger than " + std::to_string(limits.max_file_bytes) + " bytes"
                           : r.error));
      continue;
    }
    FileId id = files.add(shown, std::move(*r.text));
    if (auto doc = load_yaml(id, *files.get(id), diagnostics, limits))
      out.emplace(shown, std::move(*doc));
  }
  return out;
}

}  // namespace infrac
