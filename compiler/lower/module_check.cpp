// Checks every module call of a root module against the called module's interface
// (stdlib/modules.yaml until the HCL reader reads modules from source): only declared
// variables, every required variable, and only existing outputs referenced.
#include <map>

#include "base/did_you_mean.h"
#include "lower/cloud_tables.h"
#include "lower/lower.h"

namespace infrac {
namespace {

void check_references(const TfExpr& e, const std::map<std::string, const TfBlock*>& calls,
                      Location at, Diagnostics& diagnostics) {
  if (e.kind == TfExpr::Kind::Reference && e.text.rfind("module.", 0) == 0) {
    std::string rest = e.text.substr(7);
    std::size_t dot = rest.find('.');
    std::string name = rest.substr(0, dot);
    auto call = calls.find(name);
    if (call == calls.end()) {
      diagnostics.add(DiagCode::kModuleInterface, at, "reference to undeclared module." + name);
    } else if (dot != std::string::npos) {
      std::string output = rest.substr(dot + 1, rest.find('.', dot + 1) - dot - 1);
      const auto& table = module_interfaces();
      auto iface = table.find(call->second->called_module);
      if (iface != table.end() && !iface->second.outputs.count(output)) {
        diagnostics.add(
            DiagCode::kModuleInterface, e.origin.known() ? e.origin : at,
            "module " + call->second->called_module + " has no output '" + output + "'");
      }
    }
  }
  for (const auto& item : e.items) check_references(item, calls, at, diagnostics);
  for (const auto& item : e.entries) check_references(item.value, calls, at, diagnostics);
}

}  // namespace

void check_module_calls(const TfModule& module, Diagnostics& diagnostics) {
  static const std::set<std::string> meta = {"source",   "version",   "count",
                                             "for_each", "providers", "depends_on"};
  std::map<std::string, const TfBlock*> calls;
  for (const auto& file : module.files) {
    for (const auto& b : file.blocks) {
      if (b.type == "module" && !b.labels.empty()) calls[b.labels[0]] = &b;
    }
  }
  const auto& table = module_interfaces();
  for (const auto& [name, call] : calls) {
    auto iface = table.find(call->called_module);
    if (iface == table.end()) {
      diagnostics.add(DiagCode::kModuleInterface, call->origin,
                      "module " + name + " calls unknown module '" + call->called_module + "'");
      continue;
    }
    std::vector<std::string_view> declared;
    for (const auto& v : iface->second.required) declared.push_back(v);
    for (const auto& v : iface->second.optional) declared.push_back(v);
    for (const auto& a : call->attributes) {
      if (meta.count(a.name)) continue;
      if (!iface->second.required.count(a.name) && !iface->second.optional.count(a.name)) {
        Diagnostic& d =
            diagnostics.add(DiagCode::kModuleInterface, call->origin,
                            "module " + call->called_module + " has no variable '" + a.name + "'");
        d.help = did_you_mean(a.name, declared);
      }
    }
    for (const auto& required : iface->second.required) {
      if (!call->find(required)) {
        diagnostics.add(DiagCode::kModuleInterface, call->origin,
                        "module " + name + " does not set required variable '" + required +
                            "' of " + call->called_module);
      }
    }
  }
  for (const auto& file : module.files) {
    for (const auto& b : file.blocks) {
      for (const auto& a : b.attributes) check_references(a.value, calls, b.origin, diagnostics);
      for (const auto& inner : b.blocks) {
        for (const auto& a : inner.attributes)
          check_references(a.value, calls, b.origin, diagnostics);
      }
    }
  }
}

}  // namespace infrac
