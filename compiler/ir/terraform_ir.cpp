#include "ir/terraform_ir.h"

#include <stdexcept>

namespace infrac {

TfExpr TfExpr::str(std::string s, Location origin) {
  TfExpr e;
  e.kind = Kind::String;
  e.text = std::move(s);
  e.origin = origin;
  return e;
}

TfExpr TfExpr::decimal(std::string text, Location origin) {
  TfExpr e;
  e.kind = Kind::Number;
  e.text = std::move(text);
  e.origin = origin;
  return e;
}

TfExpr TfExpr::num(std::int64_t n, Location origin) {
  TfExpr e;
  e.kind = Kind::Number;
  e.number = n;
  e.origin = origin;
  return e;
}

TfExpr TfExpr::flag(bool b, Location origin) {
  TfExpr e;
  e.kind = Kind::Bool;
  e.boolean = b;
  e.origin = origin;
  return e;
}

TfExpr TfExpr::ref(std::string traversal, Location origin) {
  TfExpr e;
  e.kind = Kind::Reference;
  e.text = std::move(traversal);
  e.origin = origin;
  return e;
}

TfExpr TfExpr::list() {
  return list(std::vector<TfExpr>{});
}

TfExpr TfExpr::list(std::vector<TfExpr> items) {
  TfExpr e;
  e.kind = Kind::List;
  e.items = std::move(items);
  return e;
}

TfExpr TfExpr::object() {
  TfExpr e;
  e.kind = Kind::Object;
  return e;
}

TfExpr TfExpr::strings(const std::vector<std::string>& items, Location origin) {
  TfExpr e = list();
  for (const auto& s : items) e.items.push_back(str(s, origin));
  return e;
}

TfExpr& TfExpr::set(std::string key, TfExpr value) {
  // HCL refuses an object with a key twice; reaching here is infrac's own bug (see KValue).
  for (const auto& e : entries) {
    if (e.key == key) throw std::logic_error("Terraform object key '" + key + "' set twice");
  }
  entries.push_back({std::move(key), std::move(value)});
  return entries.back().value;
}

TfAttribute& TfBlock::set(std::string name, TfExpr value, bool blank_line_before) {
  if (find(name)) throw std::logic_error("Terraform argument '" + name + "' set twice");
  attributes.push_back({std::move(name), std::move(value), blank_line_before});
  return attributes.back();
}

const TfAttribute* TfBlock::find(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string TfBlock::address() const {
  std::string out = type;
  for (const auto& l : labels) out += "." + l;
  return out;
}

}  // namespace infrac
