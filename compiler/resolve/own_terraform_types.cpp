#include "resolve/own_terraform_types.h"

#include <cstdio>
#include <cstdlib>

#include "base/embedded.h"
#include "base/source_files.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

std::set<std::string> strings(const Node* list) {
  std::set<std::string> out;
  if (list)
    for (const auto& item : list->items) out.insert(item.text);
  return out;
}

// The stdlib half, read once per cloud from the embedded copy. A broken stdlib is a build
// defect: this aborts with a message, like cloud_table().
OwnTerraformTypes read_stdlib(const std::string& cloud) {
  std::string path = "stdlib/clouds/" + cloud + ".yaml";
  SourceFile file(path, std::string(embedded_file(path)));
  Diagnostics diagnostics;
  std::optional<Node> root = load_yaml(0, file, diagnostics);
  const Node* own = root ? root->find("own_terraform") : nullptr;
  if (!own || !own->is_map()) {
    std::fprintf(stderr, "infrac: internal error: embedded %s: no own_terraform\n", path.c_str());
    std::abort();
  }
  OwnTerraformTypes t;
  t.cloud = cloud;
  t.resources = strings(own->find("resources"));
  t.data_sources = strings(own->find("data_sources"));
  if (const Node* attaches = own->find("attaches"))
    for (const auto& e : attaches->entries) t.attaches[e.key] = e.value.text;
  return t;
}

}  // namespace

OwnTerraformTypes own_terraform_types(const Project& project) {
  static const OwnTerraformTypes aws = read_stdlib("aws");
  static const OwnTerraformTypes gcp = read_stdlib("gcp");
  OwnTerraformTypes t = project.cloud == Cloud::Gcp ? gcp : aws;
  t.platform_resources = project.terraform.own_resource_types;
  t.platform_data_sources = project.terraform.own_data_source_types;
  t.resources.insert(t.platform_resources.begin(), t.platform_resources.end());
  t.data_sources.insert(t.platform_data_sources.begin(), t.platform_data_sources.end());
  return t;
}

bool type_allowed(const std::set<std::string>& allowed, const std::string& type) {
  if (allowed.count(type)) return true;
  for (const auto& entry : allowed)
    if (entry.ends_with('*') && type.starts_with(entry.substr(0, entry.size() - 1))) return true;
  return false;
}

}  // namespace infrac
