#include "plan/items.h"

#include <set>

namespace infrac {
namespace {

constexpr std::size_t kMaxElementText = 160;

struct Flattener {
  Item& item;

  // A list is keyed when every element is a map with a distinct string `name`.
  template <typename List, typename NameOf>
  static bool keyed(const List& items, NameOf name_of) {
    if (items.empty()) return false;
    std::set<std::string> names;
    for (const auto& x : items) {
      const std::string* n = name_of(x);
      if (!n || !names.insert(*n).second) return false;
    }
    return true;
  }

  static const std::string* k_name(const KValue& v) {
    if (v.kind != KValue::Kind::Map) return nullptr;
    const KValue* n = v.find("name");
    return n && n->kind == KValue::Kind::String ? &n->text : nullptr;
  }
  static const std::string* tf_name(const TfExpr& e) {
    if (e.kind != TfExpr::Kind::Object) return nullptr;
    for (const auto& i : e.entries) {
      if (i.key == "name" && i.value.kind == TfExpr::Kind::String) return &i.value.text;
    }
    return nullptr;
  }

  static std::string compact(const KValue& v) {
    switch (v.kind) {
      case KValue::Kind::Map: {
        std::string s = "{";
        for (const auto& e : v.entries)
          s += (s.size() > 1 ? ", " : "") + e.key + ": " + compact(e.value);
        return s + "}";
      }
      case KValue::Kind::List: {
        std::string s = "[";
        for (const auto& i : v.items) s += (s.size() > 1 ? ", " : "") + compact(i);
        return s + "]";
      }
      case KValue::Kind::String:
        return v.text;
      case KValue::Kind::Int:
        return std::to_string(v.integer);
      case KValue::Kind::Bool:
        return v.boolean ? "true" : "false";
      case KValue::Kind::Null:
        return "null";
    }
    return {};
  }
  static std::string compact(const TfExpr& e) {
    switch (e.kind) {
      case TfExpr::Kind::Object: {
        std::string s = "{";
        for (const auto& i : e.entries)
          s += (s.size() > 1 ? ", " : "") + i.key + " = " + compact(i.value);
        return s + "}";
      }
      case TfExpr::Kind::List: {
        std::string s = "[";
        for (const auto& i : e.items) s += (s.size() > 1 ? ", " : "") + compact(i);
        return s + "]";
      }
      case TfExpr::Kind::String:
      case TfExpr::Kind::Reference:
        return e.text;
      case TfExpr::Kind::Number:
        return std::to_string(e.number);
      case TfExpr::Kind::Bool:
        return e.boolean ? "true" : "false";
      case TfExpr::Kind::Null:
        return "null";
    }
    return {};
  }
  static std::string shortened(std::string s) {
    if (s.size() <= kMaxElementText) return s;
    std::size_t cut = kMaxElementText;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // code point
    return s.substr(0, cut) + "…";
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  void leaf(const std::string& path, std::string value, Location at) {
    item.leaves[path] = {std::move(value), at};
  }

  void value(const KValue& v, const std::string& path, Location inherited) {
    Location at = v.origin.known() ? v.origin : inherited;
    switch (v.kind) {
      case KValue::Kind::Map:
        if (v.entries.empty()) leaf(path, "{}", at);
        for (const auto& e : v.entries) value(e.value, join(path, e.key), at);
        return;
      case KValue::Kind::List: {
        if (v.items.empty()) leaf(path, "[]", at);
        bool by_name = keyed(v.items, k_name);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          std::string p = path + "[" + (by_name ? *k_name(v.items[i]) : std::to_string(i)) + "]";
          if (v.items[i].kind == KValue::Kind::Map || v.items[i].kind == KValue::Kind::List)
            item.elements[p] = shortened(compact(v.items[i]));
          value(v.items[i], p, at);
        }
        return;
      }
      case KValue::Kind::String:
        return leaf(path, v.text, at);
      case KValue::Kind::Int:
        return leaf(path, std::to_string(v.integer), at);
      case KValue::Kind::Bool:
        return leaf(path, v.boolean ? "true" : "false", at);
      case KValue::Kind::Null:
        return leaf(path, "null", at);
    }
  }

  void value(const TfExpr& e, const std::string& path, Location inherited) {
    Location at = e.origin.known() ? e.origin : inherited;
    switch (e.kind) {
      case TfExpr::Kind::Object:
        if (e.entries.empty()) leaf(path, "{}", at);
        for (const auto& i : e.entries) value(i.value, join(path, i.key), at);
        return;
      case TfExpr::Kind::List: {
        if (e.items.empty()) leaf(path, "[]", at);
        bool by_name = keyed(e.items, tf_name);
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          std::string p = path + "[" + (by_name ? *tf_name(e.items[i]) : std::to_string(i)) + "]";
          if (e.items[i].kind == TfExpr::Kind::Object || e.items[i].kind == TfExpr::Kind::List)
            item.elements[p] = shortened(compact(e.items[i]));
          value(e.items[i], p, at);
        }
        return;
      }
      case TfExpr::Kind::String:
      case TfExpr::Kind::Reference:
        return leaf(path, e.text, at);
      case TfExpr::Kind::Number:
        return leaf(path, std::to_string(e.number), at);
      case TfExpr::Kind::Bool:
        return leaf(path, e.boolean ? "true" : "false", at);
      case TfExpr::Kind::Null:
        return leaf(path, "null", at);
    }
  }

  void block(const TfBlock& b, const std::string& path) {
    for (const auto& a : b.attributes) value(a.value, join(path, a.name), b.origin);
    for (const auto& inner : b.blocks) {
      std::string p = join(path, inner.type);
      for (const auto& l : inner.labels) p += "[" + l + "]";
      block(inner, p);
    }
  }
};

std::string label(const TfBlock& b, std::size_t i) {
  return i < b.labels.size() ? b.labels[i] : std::string();
}

std::string terraform_address(const TfBlock& b) {
  if (b.type == "terraform") {
    // versions.tf and backend.tf both hold a terraform block.
    return b.blocks.size() == 1 && b.blocks[0].type == "backend" ? "terraform.backend"
                                                                 : "terraform";
  }
  if (b.type == "module") return "module." + label(b, 0);
  if (b.type == "resource") return label(b, 0) + "." + label(b, 1);
  if (b.type == "data") return "data." + label(b, 0) + "." + label(b, 1);
  if (b.type == "variable") return "var." + label(b, 0);
  if (b.type == "provider") {
    const TfAttribute* alias = b.find("alias");
    return "provider." + label(b, 0) +
           (alias && alias->value.kind == TfExpr::Kind::String ? "." + alias->value.text : "");
  }
  std::string out = b.type;
  for (const auto& l : b.labels) out += "." + l;
  return out;
}

}  // namespace

bool is_setting(const std::string& address) {
  return address == "terraform" || address.rfind("terraform.", 0) == 0 ||
         address.rfind("provider.", 0) == 0;
}

Items terraform_items(const TfModule& m) {
  Items out;
  for (const auto& file : m.files) {
    for (const auto& b : file.blocks) {
      std::string address = terraform_address(b);
      // A second block with the same address (two locals blocks) keeps its own entry.
      for (int n = 2; out.count(address); ++n)
        address = terraform_address(b) + "#" + std::to_string(n);
      Item item;
      item.kind = b.type == "module"                         ? b.called_module
                  : b.type == "resource" || b.type == "data" ? label(b, 0)
                                                             : b.type;
      item.origin = b.origin;
      Flattener{item}.block(b, "");
      out[address] = std::move(item);
    }
  }
  return out;
}

Item document_item(const KValue& document) {
  Item item;
  item.kind = "file";
  Flattener{item}.value(document, "", document.origin);
  return item;
}

Items kubernetes_items(const std::vector<KObject>& objects) {
  Items out;
  for (const auto& o : objects) {
    Item item;
    item.kind = o.kind;
    item.origin = o.origin;
    Flattener{item}.value(o.body, "", o.origin);
    out[o.address()] = std::move(item);
  }
  return out;
}

}  // namespace infrac
