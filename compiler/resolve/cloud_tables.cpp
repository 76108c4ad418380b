#include "resolve/cloud_tables.h"

#include <cstdio>
#include <cstdlib>

#include "base/embedded.h"
#include "base/source_files.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace {

[[noreturn]] void broken(const std::string& path, const std::string& why) {
  std::fprintf(stderr, "infrac: internal error: embedded %s: %s\n", path.c_str(), why.c_str());
  std::abort();
}

Node load_embedded(const std::string& path) {
  SourceFile file(path, std::string(embedded_file(path)));
  Diagnostics diagnostics;
  std::optional<Node> root = load_yaml(0, file, diagnostics);
  if (!root || !root->is_map()) broken(path, "not a YAML mapping");
  return std::move(*root);
}

std::map<std::string, NameRule> read_name_rules(const Node& root, const std::string& path) {
  std::map<std::string, NameRule> out;
  const Node* names = root.find("names");
  if (!names) return out;
  for (const auto& e : names->entries) {
    NameRule rule;
    rule.id = e.key;
    rule.what = text_at(e.value, "what", e.key);
    rule.max = static_cast<std::size_t>(int_at(e.value, "max", 0));
    rule.pattern = text_at(e.value, "pattern", ".*");
    Regex regex("^(?:" + rule.pattern + ")$");
    if (!regex.ok()) broken(path, "names." + e.key + ".pattern: " + regex.error());
    rule.regex = std::move(regex);
    out.emplace(e.key, std::move(rule));
  }
  return out;
}

std::map<std::string, std::map<std::string, std::string>> read_table(const Node* node) {
  std::map<std::string, std::map<std::string, std::string>> out;
  if (!node) return out;
  for (const auto& type : node->entries) {
    for (const auto& row : type.value.entries) out[type.key][row.key] = row.value.text;
  }
  return out;
}

// module_settings.all under module_settings.<environment_class>: the class's own value of a
// variable replaces the one from `all`.
void read_settings(const Node& settings, std::string_view environment_class,
                   std::map<std::string, Node>& out) {
  for (std::string_view row : {std::string_view("all"), environment_class}) {
    const Node* modules = settings.find(row);
    if (!modules) continue;
    for (const auto& module : modules->entries) {
      auto [it, fresh] = out.try_emplace(module.key, module.value);
      if (fresh) continue;
      for (const auto& variable : module.value.entries) {
        if (Node* existing = it->second.find(variable.key)) {
          *existing = variable.value;
        } else {
          it->second.entries.push_back(variable);
        }
      }
    }
  }
}

CloudTable read_cloud(const std::string& path) {
  Node root = load_embedded(path);
  CloudTable t;
  if (const Node* providers = root.find("providers")) {
    for (const auto& e : providers->entries) {
      t.providers.push_back({e.key, text_at(e.value, "source"), text_at(e.value, "version")});
    }
  }
  t.sizes = read_table(root.find("sizes"));
  t.versions = read_table(root.find("versions"));
  if (const Node* regions = root.find("regions")) {
    for (const auto& item : regions->items) t.regions.push_back(item.text);
  }
  if (const Node* prod = root.find("production_environments")) {
    for (const auto& item : prod->items) t.production_environments.insert(item.text);
  }
  if (const Node* settings = root.find("module_settings")) {
    read_settings(*settings, "production", t.production_settings);
    read_settings(*settings, "other", t.other_settings);
  }
  t.names = read_name_rules(root, path);
  if (const Node* k8s = root.find("kubernetes")) {
    t.service_account_annotation = text_at(*k8s, "service_account_annotation");
    if (const Node* store = k8s->find("secret_store")) {
      t.secret_store_name = text_at(*store, "name");
      t.secret_store_kind = text_at(*store, "kind", "SecretStore");
      t.secret_reader = text_at(*store, "service_account");
    }
  }
  return t;
}

std::set<std::string> string_set(const Node& map, std::string_view key) {
  std::set<std::string> out;
  if (const Node* list = map.find(key)) {
    for (const auto& item : list->items) out.insert(item.text);
  }
  return out;
}

}  // namespace

const NameRule& CloudTable::name_rule(const std::string& id) const {
  auto it = names.find(id);
  if (it == names.end()) broken("stdlib/clouds", "no name rule " + id);
  return it->second;
}

const Node* CloudTable::module_settings(const std::string& module, bool production) const {
  const auto& settings = production ? production_settings : other_settings;
  auto it = settings.find(module);
  return it == settings.end() ? nullptr : &it->second;
}

const CloudTable& cloud_table(Cloud cloud) {
  static const CloudTable aws = read_cloud("stdlib/clouds/aws.yaml");
  static const CloudTable gcp = read_cloud("stdlib/clouds/gcp.yaml");
  switch (cloud) {
    case Cloud::Aws:
      return aws;
    case Cloud::Gcp:
      return gcp;
  }
  return aws;
}

const std::map<std::string, NameRule>& kubernetes_name_rules() {
  static const std::map<std::string, NameRule> rules =
      read_name_rules(load_embedded("stdlib/kubernetes.yaml"), "stdlib/kubernetes.yaml");
  return rules;
}

const std::map<std::string, std::set<std::string>>& replacing_arguments() {
  static const std::map<std::string, std::set<std::string>> table = [] {
    std::map<std::string, std::set<std::string>> out;
    Node root = load_embedded("stdlib/modules.yaml");
    if (const Node* modules = root.find("modules")) {
      for (const auto& e : modules->entries) out[e.key] = string_set(e.value, "replace_on");
    }
    return out;
  }();
  return table;
}

std::string name_problem(const NameRule& rule, const std::string& name) {
  if (rule.max && name.size() > rule.max) {
    return "is " + std::to_string(name.size()) + " characters; the limit is " +
           std::to_string(rule.max);
  }
  if (!rule.regex.full_match(name)) return "does not match " + rule.pattern;
  return {};
}

}  // namespace infrac
