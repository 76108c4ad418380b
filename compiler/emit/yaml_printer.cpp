#include "emit/yaml_printer.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace infrac {
namespace {

bool plain_is_safe(std::string_view s) {
  if (s.empty()) return false;
  char first = s[0];
  bool letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
  if (!letter && first != '/' && first != '_') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/' || c == '@' || c == '=' || c == '+';
    // ':' is plain only inside a token (`http://x`, `repo:1.2`), never before a space or last.
    if (c == ':') ok = i + 1 < s.size() && s[i + 1] != ' ';
    if (c == ' ') ok = i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '#';
    if (!ok) return false;
  }
  static constexpr std::array<std::string_view, 22> reserved = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
      "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "y",   "Y",   "n",  "N"};
  for (auto r : reserved) {
    if (s == r) return false;
  }
  return s != "null" && s != "Null" && s != "NULL";
}

struct Printer {
  std::string out;

  void pad(int spaces) { out.append(static_cast<std::size_t>(spaces), ' '); }

  static bool is_block(const KValue& v) {
    return (v.kind == KValue::Kind::Map || v.kind == KValue::Kind::List) && !v.empty_container();
  }

  void scalar(const KValue& v) {
    switch (v.kind) {
      case KValue::Kind::Null:
        out += "null";
        break;
      case KValue::Kind::Bool:
        out += v.boolean ? "true" : "false";
        break;
      case KValue::Kind::Int:
        out += std::to_string(v.integer);
        break;
      case KValue::Kind::String:
        append_yaml_scalar(out, v.text);
        break;
      case KValue::Kind::List:
        out += "[]";
        break;
      case KValue::Kind::Map:
        out += "{}";
        break;
    }
  }

  // `first_inline`: the first entry continues a "- " already printed.
  void map(const KValue& v, int indent, bool first_inline) {
    bool first = true;
    for (const auto& e : v.entries) {
      if (!(first && first_inline)) pad(indent);
      first = false;
      append_yaml_scalar(out, e.key);
      out += ':';
      value_after_key(e.value, indent);
    }
  }

  void value_after_key(const KValue& v, int indent) {
    if (!is_block(v)) {
      out += ' ';
      scalar(v);
      out += '\n';
      return;
    }
    out += '\n';
    if (v.kind == KValue::Kind::Map) {
      map(v, indent + 2, false);
    } else {
      list(v, indent + 2);
    }
  }

  void list(const KValue& v, int indent) {
    for (const auto& item : v.items) {
      pad(indent);
      out += "- ";
      if (!is_block(item)) {
        scalar(item);
        out += '\n';
      } else if (item.kind == KValue::Kind::Map) {
        map(item, indent + 2, true);
      } else {
        out.pop_back();
        out += '\n';
        list(item, indent + 2);
      }
    }
  }
};

// Single quotes keep text with double quotes or backslashes readable (PromQL, JSON): inside
// them nothing but the quote itself is special, and a printable line needs no escape.
bool single_quotes_fit(std::string_view text) {
  if (text.find_first_of("\"\\") == std::string_view::npos) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    return c == '\'' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

}  // namespace

std::string yaml_scalar(std::string_view text) {
  std::string out;
  append_yaml_scalar(out, text);
  return out;
}

// Appends in place: a dashboard's JSON is kilobytes, and copying it per call showed in profiles.
void append_yaml_scalar(std::string& out, std::string_view text) {
  if (plain_is_safe(text)) {
    out += text;
    return;
  }
  if (single_quotes_fit(text)) {
    out += '\'';
    out += text;
    out += '\'';
    return;
  }
  out += "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += "\"";
}

std::string print_yaml(const KValue& document) {
  Printer p;
  if (document.kind == KValue::Kind::Map && !document.entries.empty()) {
    p.map(document, 0, false);
  } else if (document.kind == KValue::Kind::List && !document.items.empty()) {
    p.list(document, 0);
  } else {
    p.scalar(document);
    p.out += '\n';
  }
  return p.out;
}

}  // namespace infrac
