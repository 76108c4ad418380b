#include "emit/hcl_printer.h"

#include <cstdio>
#include <optional>

namespace infrac {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

std::string key_text(std::string_view key) {
  return is_identifier(key) ? std::string(key) : hcl_quote(key);
}

// Lists of scalars print on one line; objects with entries always take several lines, which
// keeps diffs of tags and maps one line per key.
std::optional<std::string> inline_text(const TfExpr& e) {
  switch (e.kind) {
    case TfExpr::Kind::String:
      return hcl_quote(e.text);
    case TfExpr::Kind::Number:
      return e.number_text();
    case TfExpr::Kind::Bool:
      return e.boolean ? "true" : "false";
    case TfExpr::Kind::Null:
      return "null";
    case TfExpr::Kind::Reference:
      return e.text;
    case TfExpr::Kind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < e.items.size(); ++i) {
        if (e.items[i].kind == TfExpr::Kind::List || e.items[i].kind == TfExpr::Kind::Object)
          return std::nullopt;
        if (i) out += ", ";
        out += *inline_text(e.items[i]);
      }
      return out + "]";
    }
    case TfExpr::Kind::Object:
      if (e.entries.empty()) return "{}";
      return std::nullopt;
  }
  return std::nullopt;
}

struct Printer {
  std::string out;

  void indent(int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); }

  // Prints a value that does not fit on one line, starting after `name = `.
  void multiline(const TfExpr& e, int level) {
    if (e.kind == TfExpr::Kind::Object) {
      out += "{\n";
      std::vector<std::pair<std::string, const TfExpr*>> items;
      for (const auto& item : e.entries) items.emplace_back(key_text(item.key), &item.value);
      assignments(items, {}, level + 1);
      indent(level);
      out += "}";
      return;
    }
    out += "[\n";
    for (const auto& item : e.items) {
      indent(level + 1);
      if (auto text = inline_text(item)) {
        out += *text;
      } else {
        multiline(item, level + 1);
      }
      out += ",\n";
    }
    indent(level);
    out += "]";
  }

  // Runs of single-line assignments align their `=`; a multi-line value, a blank line or a
  // block ends the run (hclwrite's formatCells).
  void assignments(const std::vector<std::pair<std::string, const TfExpr*>>& items,
                   const std::vector<bool>& blank_before, int level) {
    std::size_t i = 0;
    while (i < items.size()) {
      std::size_t end = i;
      std::size_t width = 0;
      while (end < items.size()) {
        if (end > i && !blank_before.empty() && blank_before[end]) break;
        if (!inline_text(*items[end].second)) break;
        width = std::max(width, items[end].first.size());
        ++end;
      }
      if (!blank_before.empty() && blank_before[i] && i > 0) out += "\n";
      if (end == i) {  // a multi-line value, alone
        indent(level);
        out += items[i].first + " = ";
        multiline(*items[i].second, level);
        out += "\n";
        ++i;
        continue;
      }
      for (std::size_t k = i; k < end; ++k) {
        if (k > i && !blank_before.empty() && blank_before[k]) out += "\n";
        indent(level);
        out += items[k].first;
        out.append(width - items[k].first.size(), ' ');
        out += " = ";
        out += *inline_text(*items[k].second);
        out += "\n";
      }
      i = end;
    }
  }

  void block(const TfBlock& b, int level) {
    indent(level);
    out += b.type;
    // Appended piecewise: `" " + hcl_quote(label)` makes GCC 12 at -O3 report a false -Wrestrict.
    for (const auto& label : b.labels) {
      out += ' ';
      out += hcl_quote(label);
    }
    out += " {\n";
    std::vector<std::pair<std::string, const TfExpr*>> items;
    std::vector<bool> blank_before;
    for (const auto& a : b.attributes) {
      items.emplace_back(a.name, &a.value);
      blank_before.push_back(a.blank_line_before);
    }
    assignments(items, blank_before, level + 1);
    for (std::size_t i = 0; i < b.blocks.size(); ++i) {
      if (i > 0 || !b.attributes.empty()) out += "\n";
      block(b.blocks[i], level + 1);
    }
    indent(level);
    out += "}\n";
  }
};

}  // namespace

std::string hcl_quote(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
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
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
      case '%':
        out += c;
        if (i + 1 < text.size() && text[i + 1] == '{') out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string print_hcl(const TfFile& file) {
  Printer p;
  if (!file.header_comment.empty()) {
    std::size_t start = 0;
    while (start < file.header_comment.size()) {
      std::size_t end = file.header_comment.find('\n', start);
      if (end == std::string::npos) end = file.header_comment.size();
      std::string_view line(file.header_comment.data() + start, end - start);
      p.out += line.empty() ? "#\n" : "# " + std::string(line) + "\n";
      start = end + 1;
    }
    if (!file.blocks.empty() || !file.verbatim.empty()) p.out += "\n";
  }
  p.out += file.verbatim;
  for (std::size_t i = 0; i < file.blocks.size(); ++i) {
    if (i) p.out += "\n";
    p.block(file.blocks[i], 0);
  }
  return p.out;
}

}  // namespace infrac
