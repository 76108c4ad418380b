#include "plan/items.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "base/hash.h"
#include "plan/list_identity.h"

namespace infrac {
namespace {

constexpr std::size_t kMaxElementText = 160;

// The two IRs' values seen alike, so one flattener serves both: a map's entries and a list's
// items have the same field names; only the kinds and the scalars differ.
bool is_map(const KValue& v) {
  return v.kind == KValue::Kind::Map;
}
bool is_map(const TfExpr& e) {
  return e.kind == TfExpr::Kind::Object;
}
bool is_list(const KValue& v) {
  return v.kind == KValue::Kind::List;
}
bool is_list(const TfExpr& e) {
  return e.kind == TfExpr::Kind::List;
}
bool is_string(const KValue& v) {
  return v.kind == KValue::Kind::String;
}
bool is_string(const TfExpr& e) {
  return e.kind == TfExpr::Kind::String;
}
const char* entry_separator(const KValue&) {
  return ": ";
}
const char* entry_separator(const TfExpr&) {
  return " = ";
}

std::string scalar_text(const KValue& v) {
  switch (v.kind) {
    case KValue::Kind::String:
      return v.text;
    case KValue::Kind::Int:
      return std::to_string(v.integer);
    case KValue::Kind::Bool:
      return v.boolean ? "true" : "false";
    case KValue::Kind::Null:
    case KValue::Kind::List:
    case KValue::Kind::Map:
      return "null";
  }
  return {};
}
std::string scalar_text(const TfExpr& e) {
  switch (e.kind) {
    case TfExpr::Kind::String:
    case TfExpr::Kind::Reference:
      return e.text;
    case TfExpr::Kind::Number:
      return e.number_text();
    case TfExpr::Kind::Bool:
      return e.boolean ? "true" : "false";
    case TfExpr::Kind::Null:
    case TfExpr::Kind::List:
    case TfExpr::Kind::Object:
      return "null";
  }
  return {};
}

// A map's `field` entry when it is a string.
template <typename Value>
const std::string* field_of(const Value& v, std::string_view field) {
  if (!is_map(v)) return nullptr;
  for (const auto& e : v.entries) {
    if (e.key == field && is_string(e.value)) return &e.value.text;
  }
  return nullptr;
}

// Keys name elements only when every element is a map with a distinct `field`.
template <typename Value>
bool keyed(const std::vector<Value>& items, std::string_view field) {
  if (items.empty()) return false;
  std::set<std::string> names;
  for (const auto& x : items) {
    const std::string* n = field_of(x, field);
    if (!n || !names.insert(*n).second) return false;
  }
  return true;
}

template <typename Value>
std::string compact(const Value& v) {
  if (is_map(v)) {
    std::string s = "{";
    for (const auto& e : v.entries)
      s += (s.size() > 1 ? ", " : "") + e.key + entry_separator(v) + compact(e.value);
    return s + "}";
  }
  if (is_list(v)) {
    std::string s = "[";
    for (const auto& i : v.items) s += (s.size() > 1 ? ", " : "") + compact(i);
    return s + "]";
  }
  return scalar_text(v);
}

std::string shortened(std::string s) {
  if (s.size() <= kMaxElementText) return s;
  std::size_t cut = kMaxElementText;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // code point
  return s.substr(0, cut) + "…";
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// A value as text with map entries sorted and sets' elements sorted, so a set element's
// identity does not depend on the order its own nested sets were written in.
template <typename Value>
std::string canonical(const Value& v, std::string_view kind, const std::string& pattern) {
  if (is_map(v)) {
    std::vector<std::string> parts;
    for (const auto& e : v.entries)
      parts.push_back(e.key + "=" + canonical(e.value, kind, join(pattern, e.key)));
    std::sort(parts.begin(), parts.end());
    std::string s = "{";
    for (const auto& x : parts) s += x + ",";
    return s + "}";
  }
  if (is_list(v)) {
    std::vector<std::string> parts;
    for (const auto& i : v.items) parts.push_back(canonical(i, kind, pattern + "[]"));
    if (list_rule(kind, pattern).identity == ListIdentity::Set)
      std::sort(parts.begin(), parts.end());
    std::string s = "[";
    for (const auto& x : parts) s += x + ",";
    return s + "]";
  }
  return scalar_text(v);
}

// An element's key in its list's path, by the list's identity (plan/list_identity.h): a
// set's element by its value (an object's by a hash of it, so paths stay short), a keyed
// list's by its key field, an ordered list's (or a keyed list whose keys repeat) by position.
template <typename Value>
std::string element_key(const std::vector<Value>& items, std::size_t i, const ListRule& rule,
                        std::string_view kind, const std::string& pattern) {
  const Value& v = items[i];
  if (rule.identity == ListIdentity::Set) {
    if (!is_map(v) && !is_list(v)) return scalar_text(v);
    char hex[20];
    std::uint64_t h = fnv1a64(canonical(v, kind, pattern + "[]"));
    std::snprintf(hex, sizeof hex, "#%012llx", static_cast<unsigned long long>(h >> 16));
    return hex;
  }
  if (rule.identity == ListIdentity::Keyed && keyed(items, rule.key)) return *field_of(v, rule.key);
  return std::to_string(i);
}

struct Flattener {
  Item& item;

  template <typename Value>
  void value(const Value& v, const std::string& path, const std::string& pattern,
             Location inherited) {
    Location at = v.origin.known() ? v.origin : inherited;
    if (is_map(v)) {
      if (v.entries.empty()) item.leaves[path] = {"{}", at};
      for (const auto& e : v.entries) value(e.value, join(path, e.key), join(pattern, e.key), at);
    } else if (is_list(v)) {
      if (v.items.empty()) item.leaves[path] = {"[]", at};
      ListRule rule = list_rule(item.kind, pattern);
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        std::string p = path + "[" + element_key(v.items, i, rule, item.kind, pattern) + "]";
        if (is_map(v.items[i]) || is_list(v.items[i]))
          item.elements[p] = shortened(compact(v.items[i]));
        else if (rule.identity == ListIdentity::Set)
          item.elements[p] = scalar_text(v.items[i]);
        value(v.items[i], p, pattern + "[]", at);
      }
    } else {
      item.leaves[path] = {scalar_text(v), at};
    }
  }

  void block(const TfBlock& b, const std::string& path) {
    for (const auto& a : b.attributes)
      value(a.value, join(path, a.name), join(path, a.name), b.origin);
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

// A service's own .tf file (TfFile::verbatim, in terraform fmt's canonical form): each
// top-level block is an item, addressed as Terraform addresses it, its whole text one leaf,
// so the plan lists what the file creates, changes or deletes like any generated block.
void add_verbatim_blocks(const std::string& text, Location origin, Items& out) {
  std::istringstream in(text);
  std::string line, block, address, kind;
  for (int depth = 0; std::getline(in, line);) {
    if (depth == 0) {
      std::istringstream words(line);
      std::string word;
      std::vector<std::string> head;
      while (words >> word) head.push_back(word);
      if (head.empty() || head.back() != "{" || line[0] == ' ' || line[0] == '#') continue;
      TfBlock b;
      b.type = head.front();
      for (std::size_t i = 1; i + 1 < head.size(); ++i) {
        std::string l = head[i];
        if (l.size() >= 2 && l.front() == '"' && l.back() == '"') l = l.substr(1, l.size() - 2);
        b.labels.push_back(l);
      }
      address = terraform_address(b);
      kind = b.type == "resource" || b.type == "data" ? label(b, 0) : b.type;
      block = line + "\n";
      depth = 1;
      continue;
    }
    block += line + "\n";
    if (line == "}") {
      depth = 0;
      for (int n = 2; out.count(address); ++n) address += "#" + std::to_string(n);
      Item item;
      item.kind = kind;
      item.origin = origin;
      item.leaves["text"] = {block, origin};
      out[address] = std::move(item);
    }
  }
}

}  // namespace

bool is_setting(const std::string& address) {
  return address == "terraform" || address.rfind("terraform.", 0) == 0 ||
         address.rfind("provider.", 0) == 0;
}

Items terraform_items(const TfModule& m) {
  Items out;
  for (const auto& file : m.files) {
    if (!file.verbatim.empty()) add_verbatim_blocks(file.verbatim, file.origin, out);
    for (const auto& b : file.blocks) {
      if (b.type == "import" || b.type == "moved") continue;  // state_blocks
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

StateBlocks state_blocks(const TfModule& m) {
  StateBlocks out;
  // module.db.aws_db_instance.this -> module.db: the plan's items are module calls.
  auto call_of = [](const std::string& address) {
    auto second = address.find('.', address.rfind("module.", 0) == 0 ? 7 : 0);
    return address.rfind("module.", 0) == 0 ? address.substr(0, second) : address;
  };
  for (const auto& file : m.files) {
    for (const auto& b : file.blocks) {
      const TfAttribute* to = b.find("to");
      if (!to) continue;
      if (const TfAttribute* id = b.find("id"); b.type == "import" && id)
        out.imports[call_of(to->value.text)] = id->value.text;
      if (const TfAttribute* from = b.find("from"); b.type == "moved" && from)
        out.moves[from->value.text] = to->value.text;
    }
  }
  return out;
}

Item document_item(const KValue& document) {
  Item item;
  item.kind = "file";
  Flattener{item}.value(document, "", "", document.origin);
  return item;
}

Items kubernetes_items(const std::vector<KObject>& objects) {
  Items out;
  for (const auto& o : objects) {
    Item item;
    item.kind = o.kind;
    item.origin = o.origin;
    Flattener{item}.value(o.body, "", "", o.origin);
    out[o.address()] = std::move(item);
  }
  return out;
}

}  // namespace infrac
