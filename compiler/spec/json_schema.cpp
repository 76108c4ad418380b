#include "spec/json_schema.h"

#include <cstdlib>

namespace infrac {
namespace {

using json = nlohmann::ordered_json;

json default_value(const Schema& s) {
  switch (s.type) {
    case ValueType::Int:
      return std::strtoll(s.default_text.c_str(), nullptr, 10);
    case ValueType::Bool:
      return s.default_text == "true";
    default:
      return s.default_text;
  }
}

json to_json(const Schema& s, bool partial, const std::string& description) {
  json j;
  std::string text = description.empty() ? s.description : description;
  switch (s.type) {
    case ValueType::String:
      j["type"] = "string";
      if (s.format) {
        j["pattern"] = "^(?:" + s.format->pattern + ")$";
        j["maxLength"] = s.format->max_length;
      }
      break;
    case ValueType::StringLike:
      j["type"] = json::array({"string", "number", "boolean"});
      if (s.format) {
        j["type"] = json::array({"string", "number"});
        j["pattern"] = "^(?:" + s.format->pattern + ")$";  // applies to the string form only
      }
      break;
    case ValueType::Int:
      j["type"] = "integer";
      if (s.minimum) j["minimum"] = *s.minimum;
      if (s.maximum) j["maximum"] = *s.maximum;
      break;
    case ValueType::Bool:
      j["type"] = "boolean";
      break;
    case ValueType::Enum:
      j["type"] = "string";
      j["enum"] = s.values;
      break;
    case ValueType::Object: {
      j["type"] = "object";
      json properties = json::object();
      json required = json::array();
      for (const auto& f : s.fields) {
        properties[f.name] = to_json(*f.schema, partial, f.description);
        if (partial)
          properties[f.name] =
              json{{"anyOf", json::array({properties[f.name], json{{"type", "null"}}})}};
        if (f.required && !partial) required.push_back(f.name);
      }
      j["properties"] = std::move(properties);
      if (!required.empty()) j["required"] = std::move(required);
      j["additionalProperties"] = false;
      break;
    }
    case ValueType::MapOf:
      j["type"] = "object";
      if (s.key_format) {
        j["propertyNames"] = json{{"pattern", "^(?:" + s.key_format->pattern + ")$"},
                                  {"maxLength", s.key_format->max_length}};
      }
      j["additionalProperties"] = to_json(*s.items, partial || s.partial_items, "");
      if (s.min_entries > 0 && !partial) j["minProperties"] = s.min_entries;
      break;
    case ValueType::ListOf:
      j["type"] = "array";
      j["items"] = to_json(*s.items, false, "");
      if (s.unique_items) j["uniqueItems"] = true;
      break;
    case ValueType::OneOf: {
      json alternatives = json::array();
      for (const Schema* alt : s.alternatives) alternatives.push_back(to_json(*alt, partial, ""));
      j["oneOf"] = std::move(alternatives);
      break;
    }
  }
  if (!text.empty()) j["description"] = text;
  if (!s.default_text.empty()) j["default"] = default_value(s);
  return j;
}

}  // namespace

json json_schema(std::string_view which, SchemaDraft draft) {
  json root;
  root["$schema"] = draft == SchemaDraft::Draft7 ? "http://json-schema.org/draft-07/schema#"
                                                 : "https://json-schema.org/draft/2020-12/schema";
  std::string defs_key = draft == SchemaDraft::Draft7 ? "definitions" : "$defs";
  if (which == "service" || which == "project") {
    const Schema& s = which == "service" ? service_file_schema() : project_file_schema();
    root["$id"] = "https://infrac.dev/schema/v1/" + std::string(which) + ".json";
    root["title"] =
        which == "service" ? "infrac service.yaml (spec-v1)" : "infrac infrac.yaml (spec-v1)";
    json body = to_json(s, false, "");
    for (auto& [key, value] : body.items()) root[key] = value;
    return root;
  }
  root["$id"] = "https://infrac.dev/schema/v1/infrac.json";
  root["title"] = "infrac spec-v1 (infrac.yaml or service.yaml, chosen by kind)";
  root["oneOf"] = json::array(
      {json{{"$ref", "#/" + defs_key + "/project"}}, json{{"$ref", "#/" + defs_key + "/service"}}});
  root[defs_key]["project"] = to_json(project_file_schema(), false, "");
  root[defs_key]["service"] = to_json(service_file_schema(), false, "");
  return root;
}

}  // namespace infrac
