#include "lower/backend_support.h"

#include <algorithm>

namespace infrac {

std::string snake(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

TfBlock module_call(const std::string& name, const std::string& module,
                    const std::string& source_template, Location at) {
  TfBlock b;
  b.type = "module";
  b.labels = {name};
  b.origin = at;
  std::string source = source_template;
  if (auto pos = source.find("{module}"); pos != std::string::npos) source.replace(pos, 8, module);
  b.set("source", TfExpr::str(source));
  b.called_module = module;
  return b;
}

TfBlock output_block(const std::string& name, const std::string& value,
                     const std::string& description) {
  TfBlock b;
  b.type = "output";
  b.labels = {name};
  b.set("description", TfExpr::str(description));
  b.set("value", TfExpr::ref(value));
  return b;
}

std::string checked_name(const CloudTable& table, const std::string& rule_id,
                         const std::string& name, Location at, Diagnostics& diagnostics) {
  const NameRule& rule = table.name_rule(rule_id);
  std::string problem = name_problem(rule, name);
  if (!problem.empty()) {
    Diagnostic& d =
        diagnostics.add(DiagCode::kGeneratedName, at, rule.what + " '" + name + "' " + problem);
    d.help =
        "infrac derives it as <project>-<environment>-<service>[-<datastore>]; shorten "
        "the datastore or service name";
  }
  return name;
}

std::optional<std::string> table_lookup(
    const std::map<std::string, std::map<std::string, std::string>>& table, const Datastore& ds,
    const std::string& key, const std::string& what, const std::string& cloud_name,
    Diagnostics& diagnostics, const std::string& row) {
  const std::string& row_key = row.empty() ? ds.type : row;
  auto type = table.find(row_key);
  if (type != table.end()) {
    auto row = type->second.find(key);
    if (row != type->second.end()) return row->second;
  }
  std::string offered;
  if (type != table.end()) {
    for (const auto& [k, v] : type->second) offered += (offered.empty() ? "" : ", ") + k;
  }
  // At the value the spec wrote; a default from stdlib has no place but the datastore.
  Location written = what == "version" ? ds.version_location
                     : what == "size"  ? ds.size_location
                                       : Location{};
  Diagnostic& d =
      diagnostics.add(DiagCode::kUnsupportedVersion, written.known() ? written : ds.location,
                      row_key + " " + what + " '" + key + "' is not offered on " + cloud_name);
  d.help = "infrac's stdlib offers " + offered;
  return std::nullopt;
}

bool reserved_datastore_name(const Datastore& ds, const std::string& module_kind,
                             Diagnostics& diagnostics) {
  if (snake(ds.name) != "workload_identity") return false;
  diagnostics
      .add(DiagCode::kReservedName, ds.location, "datastore name '" + ds.name + "' is reserved")
      .help = "infrac names the service's " + module_kind +
              " module workload_identity; rename the datastore";
  return true;
}

bool cloud_offers_datastore(std::string_view type) {
  return type == "postgres" || type == "redis" || type == "bucket" || type == "queue";
}

void no_module_for(const Datastore& ds, const std::string& cloud_name, Diagnostics& diagnostics) {
  Diagnostic& d = diagnostics.add(DiagCode::kNoModuleForType,
                                  ds.type_location.known() ? ds.type_location : ds.location,
                                  "infrac has no module for " + ds.type + " (on " + cloud_name +
                                      "): it cannot create this datastore");
  d.help =
      "infrac creates postgres, redis, bucket and queue; a policy exception waives a "
      "policy, not this. Use one of those, or keep the " +
      ds.type + " database outside the spec and reach it through spec.egress";
}

std::vector<std::string> secret_keys_read(const Target& target) {
  std::vector<std::string> keys;
  for (const auto& v : target.env_vars) {
    if (v.source == EnvSource::Secret && !v.secret_key.empty()) keys.push_back(v.secret_key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Location secret_key_location(const Target& target, const std::string& key) {
  for (const auto& v : target.env_vars) {
    if (v.source == EnvSource::Secret && v.secret_key == key)
      return v.secret_key_location.known() ? v.secret_key_location : v.location;
  }
  return {};
}

void set_alert_targets(TfBlock& call, const std::string& argument, const Target& target,
                       const Environment& env) {
  if (target.alert_target.empty()) return;
  call.set(argument, TfExpr::strings({target.alert_target}, env.location));
}

namespace {

// A stdlib value as a Terraform expression: numbers, booleans, strings, lists and maps.
TfExpr setting_value(const Node& n) {
  switch (n.kind) {
    case NodeKind::Int:
      return TfExpr::num(n.as_int());
    case NodeKind::Bool:
      return TfExpr::flag(n.as_bool());
    case NodeKind::Seq: {
      TfExpr list = TfExpr::list();
      for (const auto& item : n.items) list.items.push_back(setting_value(item));
      return list;
    }
    case NodeKind::Map: {
      TfExpr object = TfExpr::object();
      for (const auto& e : n.entries) object.set(e.key, setting_value(e.value));
      return object;
    }
    default:
      return TfExpr::str(n.text);
  }
}

}  // namespace

void set_module_settings(TfBlock& call, const CloudTable& table, const std::string& module,
                         bool production) {
  const Node* settings = table.module_settings(module, production);
  if (!settings) return;
  for (const auto& e : settings->entries) call.set(e.key, setting_value(e.value));
}

std::string datastore_resource_name(const Model& model, const Target& owner, const Datastore& ds) {
  if (!ds.adopt.empty()) return ds.adopt;
  return model.project.name + "-" + owner.env + "-" + owner.service + "-" + ds.stem();
}

std::string connection_secret_name(const Model& model, const Target& owner, const Datastore& ds) {
  char sep = model.project.cloud == Cloud::Aws ? '/' : '-';
  return model.project.name + sep + owner.env + sep + owner.service + sep + ds.stem();
}

TfBlock import_block(const std::string& to, const std::string& id, Location at) {
  TfBlock b;
  b.type = "import";
  b.origin = at;
  b.set("to", TfExpr::ref(to, at));
  b.set("id", TfExpr::str(id, at));
  return b;
}

TfBlock moved_block(const std::string& from, const std::string& to, Location at) {
  TfBlock b;
  b.type = "moved";
  b.origin = at;
  b.set("from", TfExpr::ref(from, at));
  b.set("to", TfExpr::ref(to, at));
  return b;
}

}  // namespace infrac
