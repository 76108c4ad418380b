#include "ir/k8s_ir.h"

#include <stdexcept>

#include <cctype>

namespace infrac {

KValue KValue::str(std::string s, Location origin) {
  KValue v;
  v.kind = Kind::String;
  v.text = std::move(s);
  v.origin = origin;
  return v;
}

KValue KValue::num(std::int64_t n, Location origin) {
  KValue v;
  v.kind = Kind::Int;
  v.integer = n;
  v.origin = origin;
  return v;
}

KValue KValue::flag(bool b, Location origin) {
  KValue v;
  v.kind = Kind::Bool;
  v.boolean = b;
  v.origin = origin;
  return v;
}

KValue KValue::list() {
  KValue v;
  v.kind = Kind::List;
  return v;
}

KValue KValue::list(std::initializer_list<KItem> items) {
  KValue v = list();
  v.items.reserve(items.size());
  for (const auto& item : items) v.items.push_back(std::move(item.value));
  return v;
}

KValue KValue::list_from(std::vector<KValue> items) {
  KValue v = list();
  v.items = std::move(items);
  return v;
}

KValue KValue::map(std::initializer_list<KInit> entries) {
  KValue v;
  v.kind = Kind::Map;
  v.entries.reserve(entries.size());
  for (const auto& e : entries) v.set(std::move(e.key), std::move(e.value));
  return v;
}

KValue KValue::map() {
  KValue v;
  v.kind = Kind::Map;
  return v;
}

KValue KValue::strings(const std::vector<std::string>& items, Location origin) {
  KValue v = list();
  for (const auto& s : items) v.items.push_back(str(s, origin));
  return v;
}

KValue& KValue::set(std::string key, KValue value) {
  // A YAML mapping with a key twice is invalid (kubectl refuses it): whatever could bring a
  // duplicate in is refused at its spec line first, so reaching here is infrac's own bug.
  if (find(key)) throw std::logic_error("Kubernetes map key '" + key + "' set twice");
  entries.push_back({std::move(key), std::move(value)});
  return entries.back().value;
}

const KValue* KValue::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

KValue* KValue::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const KValue* KObject::label(std::string_view key) const {
  const KValue* metadata = body.find("metadata");
  const KValue* labels = metadata ? metadata->find("labels") : nullptr;
  return labels ? labels->find(key) : nullptr;
}

std::string KObject::file_name() const {
  std::string out;
  for (char c : kind) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  out += '-';
  out += name;
  out += ".yaml";
  return out;
}

std::string KObject::address() const {
  std::string out = api_version;
  if (out.find('/') == std::string::npos) out = "core/" + out;
  return out + "/" + kind + "/" + ns + "/" + name;
}

}  // namespace infrac
