#include "spec/validate.h"

#include <map>
#include <memory>
#include <set>

#include "base/did_you_mean.h"
#include "base/regex.h"
#include "spec/quantity.h"

namespace infrac {
namespace {

// One compiled pattern per format, built once; matching is thread-safe.
const Regex& compiled(const Format& format) {
  static const std::map<const Format*, Regex> patterns = [] {
    std::map<const Format*, Regex> out;
    for (const Format* f : all_formats()) out.emplace(f, builtin_regex(f->pattern));
    return out;
  }();
  return patterns.at(&format);
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
  return out;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string expected_kind(const Schema& schema) {
  switch (schema.type) {
    case ValueType::String:
    case ValueType::Enum:
      return "a string";
    case ValueType::StringLike:
      return "a string or number";
    case ValueType::Int:
      return "an integer";
    case ValueType::Bool:
      return "true or false";
    case ValueType::Object:
    case ValueType::MapOf:
      return "a mapping";
    case ValueType::ListOf:
      return "a list";
    case ValueType::OneOf: {
      std::string out;
      for (std::size_t i = 0; i < schema.alternatives.size(); ++i) {
        out += (i ? " or " : "") + expected_kind(*schema.alternatives[i]);
      }
      return out;
    }
  }
  return "a value";
}

bool kind_fits(const Schema& schema, NodeKind kind) {
  switch (schema.type) {
    case ValueType::String:
    case ValueType::Enum:
      return kind == NodeKind::String;
    case ValueType::StringLike:
      return kind == NodeKind::String || kind == NodeKind::Int || kind == NodeKind::Float ||
             kind == NodeKind::Bool;
    case ValueType::Int:
      return kind == NodeKind::Int;
    case ValueType::Bool:
      return kind == NodeKind::Bool;
    case ValueType::Object:
    case ValueType::MapOf:
      return kind == NodeKind::Map;
    case ValueType::ListOf:
      return kind == NodeKind::Seq;
    case ValueType::OneOf:
      for (const Schema* alt : schema.alternatives) {
        if (kind_fits(*alt, kind)) return true;
      }
      return false;
  }
  return false;
}

void check_format(const Node& node, const Format& format, const std::string& what,
                  Diagnostics& diagnostics) {
  // A format with a check of meaning: the check decides. Its pattern is only the JSON Schema's
  // approximation and may be narrower (tzdata's GMT+0 or EST5EDT, a tab in a schedule).
  if (format.check && node.text.size() <= format.max_length) {
    if (std::optional<ValueProblem> p = format.check(node.text)) {
      Diagnostic& d = diagnostics.add(
          format.check_code, location_within(node, p->offset, p->length), what + ": " + p->message);
      d.help = p->help;
    }
    return;
  }
  if (matches_format(format, node.text)) return;
  std::string shown = node.text.size() > 60 ? node.text.substr(0, 60) + "..." : node.text;
  Diagnostic& d = diagnostics.add(format.code, node.location,
                                  what + ": '" + shown + "' is not " + format.description);
  if (node.text.size() > format.max_length) {
    d.message = what + ": value is " + std::to_string(node.text.size()) +
                " characters long; the limit is " + std::to_string(format.max_length);
  }
}

}  // namespace

bool matches_format(const Format& format, std::string_view text) {
  if (text.size() > format.max_length || text.empty()) return false;
  return compiled(format).full_match(text);
}

namespace {

void wrong_type(const Node& node, const Schema& schema, const std::string& path,
                Diagnostics& diagnostics) {
  std::string found(node_kind_name(node.kind));
  bool vowel = !found.empty() && std::string_view("aeiou").find(found[0]) != std::string_view::npos;
  Diagnostic& d = diagnostics.add(
      DiagCode::kWrongType, node.location,
      path + " must be " + expected_kind(schema) + ", not " +
          (node.kind == NodeKind::Null ? std::string("empty") : (vowel ? "an " : "a ") + found));
  // A number where a quantity or version string belongs: YAML read it as a number.
  bool number = node.kind == NodeKind::Int || node.kind == NodeKind::Float;
  if (number && schema.type == ValueType::String) {
    bool memory = schema.format && schema.format->name == "memory_quantity";
    bool cpu = schema.format && schema.format->name == "cpu_quantity";
    std::string key = path.substr(path.rfind('.') + 1);
    d.help = memory || cpu ? quantity_number_help(key, node.text, memory)
                           : "quote it: " + key + ": \"" + node.text + "\"";
  }
  if (node.kind == NodeKind::Null)
    d.help = "nothing follows the ':': write the value on the same line (\"\" is an empty string)";
}

void check_int(const Node& node, const Schema& schema, const std::string& path,
               Diagnostics& diagnostics) {
  std::int64_t value = node.as_int();
  if ((schema.minimum && value < *schema.minimum) || (schema.maximum && value > *schema.maximum)) {
    diagnostics.add(DiagCode::kOutOfRange, node.location,
                    path + " is " + node.text + "; it must be between " +
                        std::to_string(*schema.minimum) + " and " +
                        std::to_string(*schema.maximum));
  }
}

void check_enum(const Node& node, const Schema& schema, const std::string& path,
                Diagnostics& diagnostics) {
  for (const auto& v : schema.values) {
    if (v == node.text) return;
  }
  std::vector<std::string_view> candidates(schema.values.begin(), schema.values.end());
  std::string shown = node.text.size() > 60 ? node.text.substr(0, 60) + "..." : node.text;
  Diagnostic& d = diagnostics.add(schema.enum_code, node.location,
                                  path + ": '" + shown + "' is not one of " + join(schema.values));
  d.help = did_you_mean(node.text, candidates);
}

void unknown_field(const MapEntry& entry, const Schema& schema, const std::string& path,
                   Diagnostics& diagnostics) {
  std::vector<std::string_view> names;
  for (const auto& f : schema.fields) names.push_back(f.name);
  Diagnostic& d =
      diagnostics.add(DiagCode::kUnknownField, entry.key_location,
                      "unknown field '" + entry.key + "'" + (path.empty() ? "" : " in " + path));
  d.help = did_you_mean(entry.key, names);
  if (d.help.empty()) {
    std::string known;
    for (std::size_t i = 0; i < names.size(); ++i) known += (i ? ", " : "") + std::string(names[i]);
    d.help = "known fields: " + known;
  }
}

void check_object(const Node& node, const Schema& schema, const std::string& path, Location owner,
                  const ValidateOptions& options, Diagnostics& diagnostics) {
  for (const auto& entry : node.entries) {
    const Field* field = schema.field(entry.key);
    if (!field) {
      unknown_field(entry, schema, path, diagnostics);
      continue;
    }
    validate_node(entry.value, *field->schema, child_path(path, entry.key), entry.key_location,
                  options, diagnostics);
  }
  if (options.partial) return;
  for (const auto& field : schema.fields) {
    if (field.required && !node.find(field.name)) {
      Location at = owner.known() ? owner : node.location;
      Diagnostic& d = diagnostics.add(DiagCode::kMissingField, at,
                                      (path.empty() ? std::string("document") : path) +
                                          " is missing required field '" + field.name + "'");
      d.help = "add " + field.name + ": " + field.description;
    }
  }
}

void check_map(const Node& node, const Schema& schema, const std::string& path, Location owner,
               const ValidateOptions& options, Diagnostics& diagnostics) {
  if (!options.partial && node.entries.size() < schema.min_entries) {
    diagnostics.add(DiagCode::kEmptyMap, owner.known() ? owner : node.location,
                    path + " needs at least " + std::to_string(schema.min_entries) + " entry");
  }
  for (const auto& entry : node.entries) {
    if (schema.key_format && !matches_format(*schema.key_format, entry.key)) {
      Node key;
      key.kind = NodeKind::String;
      key.text = entry.key;
      key.location = entry.key_location;
      check_format(key, *schema.key_format, path + " key", diagnostics);
    }
    validate_node(entry.value, *schema.items, child_path(path, entry.key), entry.key_location,
                  schema.partial_items ? ValidateOptions{true} : options, diagnostics);
  }
}

void check_list(const Node& node, const Schema& schema, const std::string& path,
                Diagnostics& diagnostics) {
  std::map<std::string, Location> seen;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = node.items[i];
    validate_node(item, *schema.items, path + "[" + std::to_string(i) + "]", item.location,
                  ValidateOptions{}, diagnostics);
    if (!schema.unique_items || !item.is_scalar()) continue;
    auto [it, inserted] = seen.emplace(item.text, item.location);
    if (!inserted) {
      Diagnostic& d = diagnostics.add(DiagCode::kDuplicateEntry, item.location,
                                      path + " lists '" + item.text + "' twice");
      d.notes.push_back({it->second, "first listed here"});
    }
  }
}

}  // namespace

void validate_node(const Node& node, const Schema& schema, const std::string& path, Location owner,
                   const ValidateOptions& options, Diagnostics& diagnostics) {
  if (options.partial && node.kind == NodeKind::Null) return;  // null removes in an override
  if (!kind_fits(schema, node.kind)) return wrong_type(node, schema, path, diagnostics);
  switch (schema.type) {
    case ValueType::String:
      if (schema.format) check_format(node, *schema.format, path, diagnostics);
      return;
    case ValueType::StringLike:
      // A number such as an objective is written bare in YAML and checked as its text.
      if (schema.format && node.kind != NodeKind::Bool)
        check_format(node, *schema.format, path, diagnostics);
      return;
    case ValueType::Bool:
      return;
    case ValueType::Int:
      return check_int(node, schema, path, diagnostics);
    case ValueType::Enum:
      return check_enum(node, schema, path, diagnostics);
    case ValueType::Object:
      return check_object(node, schema, path, owner, options, diagnostics);
    case ValueType::MapOf:
      return check_map(node, schema, path, owner, options, diagnostics);
    case ValueType::ListOf:
      return check_list(node, schema, path, diagnostics);
    case ValueType::OneOf:
      for (const Schema* alt : schema.alternatives) {
        if (kind_fits(*alt, node.kind))
          return validate_node(node, *alt, path, owner, options, diagnostics);
      }
      return;
  }
}

}  // namespace infrac
