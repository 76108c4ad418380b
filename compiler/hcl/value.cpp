#include "hcl/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace infrac {
namespace {

using VK = HclValue::Kind;

HclValue unknown(const Expr& e) {
  HclValue v;
  v.text = e.text;
  v.location = e.span.location;
  return v;
}

HclValue make_bool(bool b, const Expr& e) {
  HclValue v;
  v.kind = VK::Bool;
  v.boolean = b;
  v.location = e.span.location;
  return v;
}

std::string number_text(double n) {
  if (std::isfinite(n) && std::floor(n) == n && std::fabs(n) < 1e15) {
    return std::to_string(static_cast<long long>(n));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", n);
  return buffer;
}

HclValue make_number(double n, const Expr& e) {
  HclValue v;
  v.kind = VK::Number;
  v.number = n;
  v.text = number_text(n);
  v.location = e.span.location;
  return v;
}

HclValue make_string(std::string s, const Expr& e) {
  HclValue v;
  v.kind = VK::String;
  v.text = std::move(s);
  v.location = e.span.location;
  return v;
}

// A known scalar as template text, or nothing (lists, maps, null and unknowns cannot be
// interpolated into a known string).
std::optional<std::string> as_text(const HclValue& v) {
  switch (v.kind) {
    case VK::String:
    case VK::Number:
      return v.text;
    case VK::Bool:
      return std::string(v.boolean ? "true" : "false");
    case VK::Unknown:
    case VK::Null:
    case VK::List:
    case VK::Map:
      return std::nullopt;
  }
  return std::nullopt;
}

bool equal(const HclValue& a, const HclValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case VK::Null:
      return true;
    case VK::Bool:
      return a.boolean == b.boolean;
    case VK::Number:
      return a.number == b.number;
    case VK::String:
      return a.text == b.text;
    case VK::List:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (!equal(a.items[i], b.items[i])) return false;
      }
      return true;
    case VK::Map:
      if (a.entries.size() != b.entries.size()) return false;
      for (const auto& [k, v] : a.entries) {
        const HclValue* other = b.find(k);
        if (!other || !equal(v, *other)) return false;
      }
      return true;
    case VK::Unknown:
      return false;
  }
  return false;
}

HclValue binary(const Expr& e) {
  HclValue l = evaluate(e.parts[0]), r = evaluate(e.parts[1]);
  const std::string& op = e.text;
  if (op == "&&" || op == "||") {
    // Short circuits decide with one known side: false && x, true || x.
    if (l.kind == VK::Bool && (op == "&&") != l.boolean) return make_bool(l.boolean, e);
    if (l.kind == VK::Bool && r.kind == VK::Bool) return make_bool(r.boolean, e);
    return unknown(e);
  }
  if (!l.known() || !r.known()) return unknown(e);
  if (op == "==") return make_bool(equal(l, r), e);
  if (op == "!=") return make_bool(!equal(l, r), e);
  if (l.kind != VK::Number || r.kind != VK::Number) return unknown(e);
  double a = l.number, b = r.number;
  if (op == "+") return make_number(a + b, e);
  if (op == "-") return make_number(a - b, e);
  if (op == "*") return make_number(a * b, e);
  if (op == "/") return b == 0 ? unknown(e) : make_number(a / b, e);
  if (op == "%") return b == 0 ? unknown(e) : make_number(std::fmod(a, b), e);
  if (op == "<") return make_bool(a < b, e);
  if (op == "<=") return make_bool(a <= b, e);
  if (op == ">") return make_bool(a > b, e);
  if (op == ">=") return make_bool(a >= b, e);
  return unknown(e);
}

}  // namespace

const HclValue* HclValue::find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

HclValue evaluate(const Expr& e) {
  using EK = Expr::Kind;
  switch (e.kind) {
    case EK::Number: {
      char* end = nullptr;
      double n = std::strtod(e.text.c_str(), &end);
      if (end == e.text.c_str()) return unknown(e);
      HclValue v = make_number(n, e);
      return v;
    }
    case EK::Bool:
      return make_bool(e.text == "true", e);
    case EK::Null: {
      HclValue v;
      v.kind = VK::Null;
      v.location = e.span.location;
      return v;
    }
    case EK::Literal:
      return make_string(e.text, e);
    case EK::Template: {
      std::string out;
      for (const auto& p : e.parts) {
        if (p.kind == EK::Literal) {
          out += p.text;
          continue;
        }
        auto text = as_text(evaluate(p));
        if (!text) return unknown(e);
        out += *text;
      }
      return make_string(std::move(out), e);
    }
    case EK::Tuple: {
      HclValue v;
      v.kind = VK::List;
      v.location = e.span.location;
      for (const auto& p : e.parts) v.items.push_back(evaluate(p));
      return v;
    }
    case EK::Object: {
      HclValue v;
      v.kind = VK::Map;
      v.location = e.span.location;
      for (std::size_t i = 0; i + 1 < e.parts.size(); i += 2) {
        const Expr& key = e.parts[i];
        std::string name;
        if (key.kind == EK::Variable) {
          name = key.text;  // a bare word is the key itself, not a reference
        } else {
          auto text = as_text(evaluate(key));
          if (!text) return unknown(e);
          name = *text;
        }
        v.entries.push_back({std::move(name), evaluate(e.parts[i + 1])});
      }
      return v;
    }
    case EK::Parens:
      return e.parts.empty() ? unknown(e) : evaluate(e.parts[0]);
    case EK::Unary: {
      if (e.parts.empty()) return unknown(e);
      HclValue x = evaluate(e.parts[0]);
      if (e.text == "-" && x.kind == VK::Number) return make_number(-x.number, e);
      if (e.text == "!" && x.kind == VK::Bool) return make_bool(!x.boolean, e);
      return unknown(e);
    }
    case EK::Binary:
      return e.parts.size() == 2 ? binary(e) : unknown(e);
    case EK::Conditional: {
      HclValue c = evaluate(e.parts[0]);
      if (c.kind != VK::Bool) return unknown(e);
      return evaluate(e.parts[c.boolean ? 1 : 2]);
    }
    case EK::Directive:
    case EK::Variable:
    case EK::GetAttr:
    case EK::Index:
    case EK::Splat:
    case EK::Call:
    case EK::For:
    case EK::Invalid:
      return unknown(e);
  }
  return unknown(e);
}

std::string_view type_name(const HclValue& v) {
  switch (v.kind) {
    case VK::Unknown:
      return "unknown";
    case VK::Null:
      return "null";
    case VK::Bool:
      return "bool";
    case VK::Number:
      return "number";
    case VK::String:
      return "string";
    case VK::List:
      return "list";
    case VK::Map:
      return "map";
  }
  return "unknown";
}

}  // namespace infrac
