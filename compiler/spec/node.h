// The source model: a YAML document as infrac reads it, every node with its location.
// Scalars are resolved with the YAML 1.2 core schema (so `on`, `yes` and `no` are strings,
// `0777` is the integer 777), and quoted scalars are always strings.
// Built by yaml_loader.cpp; walked by validate.cpp, overlay.cpp and the policy engine.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

enum class NodeKind : std::uint8_t { Null, Bool, Int, Float, String, Map, Seq };
std::string_view node_kind_name(NodeKind kind);

struct MapEntry;

struct Node {
  NodeKind kind = NodeKind::Null;
  Location location;
  std::string text;               // scalars: the value as written (after unquoting)
  std::vector<Node> items;        // Seq
  std::vector<MapEntry> entries;  // Map, in file order

  bool is_scalar() const { return kind != NodeKind::Map && kind != NodeKind::Seq; }
  bool is_map() const { return kind == NodeKind::Map; }
  bool is_seq() const { return kind == NodeKind::Seq; }
  // The entry for `key` in a map, or null.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  const MapEntry* find_entry(std::string_view key) const;
  // Scalar value helpers; callers check the kind first (validation has).
  bool as_bool() const { return text == "true" || text == "True" || text == "TRUE"; }
  std::int64_t as_int() const;
  double as_double() const;
  std::size_t subtree_size() const;
};

struct MapEntry {
  std::string key;
  Location key_location;
  Node value;
};

// Where bytes [offset, offset + length) of a scalar's text are in the file, so a caret can point
// inside a value (a schedule's hour field, a URL's port). Exact for single-line plain and quoted
// scalars without escapes; otherwise the scalar's own location.
Location location_within(const Node& scalar, std::size_t offset, std::size_t length);

// Builders for trees made in code (a Score workload read as a service spec, the policy
// views): a scalar, an empty map or sequence at `at`, and a map entry (at `key_at`, else at
// the value).
Node scalar_node(std::string text, Location at, NodeKind kind = NodeKind::String);
Node map_node(Location at);
Node seq_node(Location at);
void add_entry(Node& map, std::string key, Node value, Location key_at = {});

// Defensive readers for builders that run after validation may have failed: a missing key or
// a value of another kind gives the fallback.
std::string text_at(const Node& map, std::string_view key, std::string fallback = {});
int int_at(const Node& map, std::string_view key, int fallback);
bool bool_at(const Node& map, std::string_view key, bool fallback);

// The node at a path of map keys (`{"components", "api", "replicas"}`), or null.
const Node* find_path(const Node& root, std::initializer_list<std::string_view> path);
// Where that node is, or `fallback` when the document has no such path.
Location location_at(const Node& root, std::initializer_list<std::string_view> path,
                     Location fallback);

}  // namespace infrac
