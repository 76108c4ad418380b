#include "spec/yaml_syntax_lines.h"

#include <algorithm>

namespace infrac {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Index just past the quote closing the one at `s[0]`, or npos.
std::size_t closing_quote(std::string_view s) {
  char q = s[0];
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (q == '"' && s[i] == '\\') {
      ++i;
    } else if (s[i] == q) {
      if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Where the key of `body` ends (its ':'), or npos: a ':' followed by a space or the line end.
std::size_t key_colon(std::string_view body) {
  if (body.empty() || body[0] == '#' || body[0] == '[' || body[0] == '{') return kNone;
  std::size_t from = 0;
  if (body[0] == '"' || body[0] == '\'') {
    from = closing_quote(body);
    if (from == std::string_view::npos) return kNone;
  }
  for (std::size_t i = from; i < body.size(); ++i) {
    if (body[i] == '#' && i > 0 && body[i - 1] == ' ') return kNone;
    if (body[i] == ':' && (i + 1 == body.size() || body[i + 1] == ' ')) return i;
  }
  return kNone;
}

}  // namespace

YamlLines::YamlLines(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size()) starts_.push_back(i + 1);
  }
}

std::size_t YamlLines::line_of(std::size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::size_t>(it - starts_.begin()) - 1;
}

std::string_view YamlLines::text(std::size_t line) const {
  std::size_t begin = starts_[line];
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text_.size();
  std::string_view s = text_.substr(begin, end - begin);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::size_t YamlLines::indent(std::size_t line) const {
  std::string_view s = text(line);
  std::size_t n = 0;
  while (n < s.size() && s[n] == ' ') ++n;
  return n;
}

std::size_t YamlLines::body_offset(std::size_t line) const {
  std::string_view s = text(line);
  std::size_t i = indent(line);
  while (i < s.size() && s[i] == '-' && (i + 1 == s.size() || s[i + 1] == ' ')) {
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
  }
  return starts_[line] + i;
}

std::string_view YamlLines::body(std::size_t line) const {
  std::size_t skip = body_offset(line) - starts_[line];
  return trim_right(text(line).substr(skip));
}

bool YamlLines::is_item(std::size_t line) const {
  std::string_view s = text(line).substr(indent(line));
  return s == "-" || s.starts_with("- ");
}

bool YamlLines::is_content(std::size_t line) const {
  std::string_view s = text(line);
  std::size_t i = s.find_first_not_of(" \t");
  return i != std::string_view::npos && s[i] != '#';
}

std::optional<YamlKeyLine> YamlLines::key(std::size_t line) const {
  std::string_view b = body(line);
  std::size_t colon = key_colon(b);
  if (colon == kNone || colon == 0) return std::nullopt;
  YamlKeyLine out;
  std::size_t base = body_offset(line);
  bool quoted_name = b[0] == '"' || b[0] == '\'';
  out.name = trim_right(quoted_name ? b.substr(1, colon - 2) : b.substr(0, colon));
  out.name_offset = base + (quoted_name ? 1 : 0);
  out.colon = base + colon;
  std::size_t v = b.find_first_not_of(' ', colon + 1);
  if (v == std::string_view::npos || b[v] == '#') return out;
  std::string_view value = b.substr(v);
  if (std::size_t hash = value.find(" #"); hash != std::string_view::npos) {
    value = trim_right(value.substr(0, hash));
  }
  out.value = value;
  out.value_offset = base + v;
  out.value_quoted = value[0] == '"' || value[0] == '\'';
  if (out.value_quoted) {
    std::size_t close = closing_quote(value);
    if (close != std::string_view::npos && close < value.size()) {
      std::size_t rest = value.find_first_not_of(' ', close);
      if (rest != std::string_view::npos) out.after_quote = out.value_offset + rest;
    }
  }
  return out;
}

std::size_t YamlLines::previous_content(std::size_t line) const {
  for (std::size_t i = line; i-- > 0;) {
    if (is_content(i)) return i;
  }
  return kNone;
}

std::size_t YamlLines::previous_at_or_left(std::size_t line) const {
  for (std::size_t i = line; i-- > 0;) {
    if (is_content(i) && indent(i) <= indent(line)) return i;
  }
  return kNone;
}

std::string YamlLines::parent_key(std::size_t line, std::size_t at_indent) const {
  for (std::size_t i = line; i-- > 0;) {
    if (!is_content(i) || indent(i) >= at_indent) continue;
    std::optional<YamlKeyLine> k = key(i);
    return k ? std::string(k->name) : std::string();
  }
  return {};
}

std::vector<std::size_t> YamlLines::levels_above(std::size_t line) const {
  std::vector<std::size_t> levels;
  std::size_t least = kNone;
  for (std::size_t i = line; i-- > 0;) {
    if (!is_content(i) || indent(i) >= least) continue;
    least = indent(i);
    levels.push_back(least);
    if (least == 0) break;
  }
  return levels;
}

std::optional<std::size_t> YamlLines::tab_in_indent(std::size_t line) const {
  std::string_view s = text(line);
  std::size_t i = s.find_first_not_of(" \t");
  if (i == std::string_view::npos || s[i] == '#') return std::nullopt;
  std::size_t tab = s.substr(0, i).find('\t');
  if (tab == std::string_view::npos) return std::nullopt;
  return starts_[line] + tab;
}

std::optional<std::size_t> YamlLines::glued_colon(std::size_t line) const {
  std::string_view b = body(line);
  if (b.empty() || key(line)) return std::nullopt;
  std::size_t i = 0;
  while (i < b.size() && is_word_char(b[i])) ++i;
  if (i == 0 || i + 1 >= b.size() || b[i] != ':') return std::nullopt;
  char next = b[i + 1];
  if (next == ' ' || next == '/' || next == ':') return std::nullopt;
  return body_offset(line) + i;
}

std::optional<std::size_t> YamlLines::unclosed_bracket(std::size_t offset) const {
  std::vector<std::size_t> open;
  char previous = '\n';
  std::size_t end = std::min(offset, text_.size());
  for (std::size_t i = 0; i < end; ++i) {
    char c = text_[i];
    bool token_start = !open.empty() || previous == '\n' || previous == ':' || previous == '-';
    if (c == '#' && (i == 0 || text_[i - 1] == ' ' || text_[i - 1] == '\n')) {
      while (i < end && text_[i] != '\n') ++i;
      previous = '\n';
      continue;
    }
    if ((c == '"' || c == '\'') && token_start) {
      std::size_t close = closing_quote(text_.substr(i, end - i));
      i = close == std::string_view::npos ? end : i + close - 1;
      previous = 'x';
      continue;
    }
    if ((c == '[' || c == '{') && token_start) open.push_back(i);
    if ((c == ']' || c == '}') && !open.empty()) open.pop_back();
    if (c == '\n') {
      previous = '\n';
    } else if (c != ' ' && c != '\t' && c != '\r') {
      previous = c;
    }
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

}  // namespace infrac
