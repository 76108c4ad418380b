// The Kubernetes IR: objects as ordered values, knowing nothing about YAML. Lowering builds
// them (lower/k8s_lower.cpp), emit/yaml_printer.cpp prints them, and the plan stage will diff
// them by group/version/kind/namespace/name. Every value may carry the spec location that
// produced it, so findings on generated objects point back at the spec.
// Tested by tests/unit/printers_test.cpp and the acme golden files.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

struct KEntry;
struct KInit;
struct KItem;

struct KValue {
  enum class Kind : std::uint8_t { Null, Bool, Int, String, List, Map };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;
  std::vector<KValue> items;    // List
  std::vector<KEntry> entries;  // Map, in output order
  Location origin;              // the spec node this value came from, when one did

  static KValue str(std::string s, Location origin = {});
  static KValue num(std::int64_t n, Location origin = {});
  static KValue flag(bool b, Location origin = {});
  // Builders take initializer lists of movable wrappers, so nested literals are moved into
  // place instead of deep-copied at every level (initializer_list elements are const).
  static KValue list();
  static KValue list(std::initializer_list<KItem> items);
  static KValue list_from(std::vector<KValue> items);
  static KValue map(std::initializer_list<KInit> entries);
  static KValue map();
  static KValue strings(const std::vector<std::string>& items, Location origin = {});

  // Appends to a map (keeps order); returns the new value for chaining into nested maps.
  KValue& set(std::string key, KValue value);
  const KValue* find(std::string_view key) const;
  KValue* find(std::string_view key);
  bool empty_container() const {
    return (kind == Kind::List && items.empty()) || (kind == Kind::Map && entries.empty());
  }
};

struct KEntry {
  std::string key;
  KValue value;
};

struct KInit {
  std::string key;
  mutable KValue value;
};

struct KItem {
  KItem(KValue v) : value(std::move(v)) {}  // NOLINT: implicit, for braced lists
  mutable KValue value;
};

// A ConfigMap's data value that is a map (a Grafana dashboard) is a JSON document: the IR
// keeps its structure, emit/layout.cpp prints it as JSON text.
struct KObject {
  std::string api_version, kind, name, ns;  // ns empty for cluster-scoped objects
  KValue body;                              // the whole object: apiVersion, kind, metadata, ...
  Location origin;                          // the spec node the object exists for
  // "<kind>-<name>.yaml", lowercase: the object's file in the target's directory.
  std::string file_name() const;
  // metadata.labels[key], or null.
  const KValue* label(std::string_view key) const;
  // group/version/Kind/namespace/name, the address plans use.
  std::string address() const;
};

}  // namespace infrac
