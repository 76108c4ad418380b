#include "emit/json_printer.h"

#include <nlohmann/json.hpp>

namespace infrac {
namespace {

nlohmann::ordered_json to_json(const KValue& v) {
  switch (v.kind) {
    case KValue::Kind::Null:
      return nullptr;
    case KValue::Kind::Bool:
      return v.boolean;
    case KValue::Kind::Int:
      return v.integer;
    case KValue::Kind::String:
      return v.text;
    case KValue::Kind::List: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& item : v.items) out.push_back(to_json(item));
      return out;
    }
    case KValue::Kind::Map: {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (const auto& e : v.entries) out[e.key] = to_json(e.value);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

std::string print_json(const KValue& value) {
  // Compact: a dashboard is read by Grafana, and reviewed through the plan's field-level
  // diff of its ConfigMap; indentation would double the bytes of every build.
  return to_json(value).dump() + "\n";
}

}  // namespace infrac
