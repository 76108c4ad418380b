#include "pipeline/module_check.h"

#include <map>
#include <set>

#include "base/did_you_mean.h"
#include "base/source_files.h"

namespace infrac {
namespace {

// A generated value as the HCL evaluator would see it; references stay unknown.
HclValue value_of(const TfExpr& e) {
  HclValue v;
  v.location = e.origin;
  switch (e.kind) {
    case TfExpr::Kind::String:
      v.kind = HclValue::Kind::String;
      v.text = e.text;
      break;
    case TfExpr::Kind::Number:
      v.kind = HclValue::Kind::Number;
      v.number = e.text.empty() ? static_cast<double>(e.number) : std::stod(e.text);
      v.text = e.number_text();
      break;
    case TfExpr::Kind::Bool:
      v.kind = HclValue::Kind::Bool;
      v.boolean = e.boolean;
      break;
    case TfExpr::Kind::Null:
      v.kind = HclValue::Kind::Null;
      break;
    case TfExpr::Kind::Reference:
      v.text = e.text;
      break;
    case TfExpr::Kind::List:
      v.kind = HclValue::Kind::List;
      for (const auto& item : e.items) v.items.push_back(value_of(item));
      break;
    case TfExpr::Kind::Object:
      v.kind = HclValue::Kind::Map;
      for (const auto& entry : e.entries) v.entries.push_back({entry.key, value_of(entry.value)});
      break;
  }
  return v;
}

void check_references(const TfExpr& e, const std::map<std::string, const TfBlock*>& calls,
                      const ModuleInterfaces& interfaces, Location at, Diagnostics& diagnostics) {
  if (e.kind == TfExpr::Kind::Reference && e.text.rfind("module.", 0) == 0) {
    std::string rest = e.text.substr(7);
    std::size_t dot = rest.find('.');
    std::string name = rest.substr(0, dot);
    auto call = calls.find(name);
    if (call == calls.end()) {
      diagnostics.add(DiagCode::kModuleInterface, at, "reference to undeclared module." + name);
    } else if (dot != std::string::npos) {
      std::string output = rest.substr(dot + 1, rest.find('.', dot + 1) - dot - 1);
      auto iface = interfaces.find(call->second->called_module);
      if (iface != interfaces.end() && !iface->second->output(output)) {
        std::vector<std::string_view> names;
        for (const auto& o : iface->second->outputs) names.push_back(o.name);
        Diagnostic& d = diagnostics.add(
            DiagCode::kModuleInterface, e.origin.known() ? e.origin : at,
            "module " + call->second->called_module + " has no output '" + output + "'");
        d.help = did_you_mean(output, names);
      }
    }
  }
  for (const auto& item : e.items) check_references(item, calls, interfaces, at, diagnostics);
  for (const auto& item : e.entries)
    check_references(item.value, calls, interfaces, at, diagnostics);
}

}  // namespace

void check_module_calls(const TfModule& module, const ModuleInterfaces& interfaces,
                        Diagnostics& diagnostics) {
  std::map<std::string, const TfBlock*> calls;
  for (const auto& file : module.files) {
    for (const auto& b : file.blocks) {
      if (b.type == "module" && !b.labels.empty()) calls[b.labels[0]] = &b;
    }
  }
  for (const auto& [name, call] : calls) {
    auto found = interfaces.find(call->called_module);
    if (found == interfaces.end()) {
      diagnostics.add(DiagCode::kModuleInterface, call->origin,
                      "module " + name + " calls '" + call->called_module +
                          "', which the modules directory does not have");
      continue;
    }
    std::vector<CallArgument> arguments;
    for (const auto& a : call->attributes) {
      Location at = a.value.origin.known() ? a.value.origin : call->origin;
      arguments.push_back({a.name, value_of(a.value), at, at});
    }
    check_call(*found->second, arguments,
               {"module " + call->called_module, "module " + call->called_module, "module " + name,
                " of " + call->called_module, call->origin, true},
               diagnostics);
  }
  for (const auto& file : module.files) {
    for (const auto& b : file.blocks) {
      // Their `to` and `from` are resource addresses, not values (a moved block's `from` is
      // declared nowhere any more, by design).
      if (b.type == "import" || b.type == "moved") continue;
      for (const auto& a : b.attributes)
        check_references(a.value, calls, interfaces, b.origin, diagnostics);
      for (const auto& inner : b.blocks) {
        for (const auto& a : inner.attributes)
          check_references(a.value, calls, interfaces, b.origin, diagnostics);
      }
    }
  }
}

}  // namespace infrac
