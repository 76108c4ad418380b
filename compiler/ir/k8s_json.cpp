#include "ir/k8s_json.h"

namespace infrac {

nlohmann::ordered_json json_of(const KValue& v) {
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
      for (const auto& item : v.items) out.push_back(json_of(item));
      return out;
    }
    case KValue::Kind::Map: {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (const auto& e : v.entries) out[e.key] = json_of(e.value);
      return out;
    }
  }
  return nullptr;
}

KValue kvalue_of_json(const nlohmann::ordered_json& j) {
  if (j.is_null()) return KValue{};
  if (j.is_boolean()) return KValue::flag(j.get<bool>());
  if (j.is_number_integer()) return KValue::num(j.get<std::int64_t>());
  if (j.is_number()) return KValue::str(j.dump());
  if (j.is_string()) return KValue::str(j.get<std::string>());
  if (j.is_array()) {
    KValue l = KValue::list();
    for (const auto& item : j) l.items.push_back(kvalue_of_json(item));
    return l;
  }
  KValue m = KValue::map();
  for (const auto& [k, v] : j.items()) m.set(k, kvalue_of_json(v));
  return m;
}

}  // namespace infrac
