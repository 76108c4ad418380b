#include "spec/node.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace infrac {

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::Null:
      return "null";
    case NodeKind::Bool:
      return "boolean";
    case NodeKind::Int:
      return "integer";
    case NodeKind::Float:
      return "number";
    case NodeKind::String:
      return "string";
    case NodeKind::Map:
      return "mapping";
    case NodeKind::Seq:
      return "list";
  }
  return "value";
}

const MapEntry* Node::find_entry(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const MapEntry* entry = find_entry(key);
  return entry ? &entry->value : nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

std::int64_t Node::as_int() const {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.starts_with("0o"))
    base = 8, s.remove_prefix(2);
  else if (s.starts_with("0x"))
    base = 16, s.remove_prefix(2);
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc()) value = INT64_MAX;  // out of range: validation reports the bound
  return negative ? -value : value;
}

double Node::as_double() const {
  return std::strtod(text.c_str(), nullptr);
}

std::size_t Node::subtree_size() const {
  std::size_t n = 1;
  for (const auto& item : items) n += item.subtree_size();
  for (const auto& entry : entries) n += 1 + entry.value.subtree_size();
  return n;
}

std::string text_at(const Node& map, std::string_view key, std::string fallback) {
  const Node* node = map.find(key);
  return node && node->is_scalar() && node->kind != NodeKind::Null ? node->text : fallback;
}

int int_at(const Node& map, std::string_view key, int fallback) {
  const Node* node = map.find(key);
  return node && node->kind == NodeKind::Int ? static_cast<int>(node->as_int()) : fallback;
}

const Node* find_path(const Node& root, std::initializer_list<std::string_view> path) {
  const Node* at = &root;
  for (auto key : path) at = at && at->is_map() ? at->find(key) : nullptr;
  return at;
}

Location location_at(const Node& root, std::initializer_list<std::string_view> path,
                     Location fallback) {
  const Node* at = find_path(root, path);
  return at ? at->location : fallback;
}

bool bool_at(const Node& map, std::string_view key, bool fallback) {
  const Node* node = map.find(key);
  return node && node->kind == NodeKind::Bool ? node->as_bool() : fallback;
}

namespace {
std::uint32_t code_points(std::string_view s) {
  std::uint32_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

Location location_within(const Node& scalar, std::size_t offset, std::size_t length) {
  Location at = scalar.location;
  std::uint32_t points = code_points(scalar.text);
  std::uint32_t quote = 0;  // a quoted scalar's token is its text and two quotes
  if (at.length == points + 2) {
    quote = 1;
  } else if (at.length != points || offset > scalar.text.size()) {
    return at;
  }
  std::string_view text = scalar.text;
  at.column += quote + code_points(text.substr(0, offset));
  at.length = std::max<std::uint32_t>(1, code_points(text.substr(offset, length)));
  return at;
}

Node scalar_node(std::string text, Location at, NodeKind kind) {
  Node n;
  n.kind = kind;
  n.text = std::move(text);
  n.location = at;
  return n;
}

Node map_node(Location at) {
  Node n;
  n.kind = NodeKind::Map;
  n.location = at;
  return n;
}

Node seq_node(Location at) {
  Node n;
  n.kind = NodeKind::Seq;
  n.location = at;
  return n;
}

void add_entry(Node& map, std::string key, Node value, Location key_at) {
  Location at = key_at.known() ? key_at : value.location;
  map.entries.push_back({std::move(key), at, std::move(value)});
}

}  // namespace infrac
