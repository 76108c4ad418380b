#include "report/diagnostic_render.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include "base/credential_forms.h"

namespace infrac {
std::string location_prefix(const Location& loc, const SourceFiles& files) {
  if (loc.file == kNoFile) return "infrac";
  std::string out(files.path(loc.file));
  if (loc.line > 0) out += fmt::format(":{}:{}", loc.line, loc.column);
  return out;
}

// The quoted line and the caret line under it. Tabs before the column stay tabs so the caret
// lines up in any terminal.
std::string source_snippet(const Location& loc, const SourceFiles& files) {
  const SourceFile* file = loc.file == kNoFile ? nullptr : files.get(loc.file);
  if (!file || loc.line == 0) return {};
  std::string_view line = file->line_text(loc.line);
  if (line.size() > 400) line = line.substr(0, 400);  // a minified file is not worth quoting whole
  std::string pad;
  std::uint32_t column = 1;
  std::uint32_t remaining_on_line = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (column < loc.column) {
      pad += line[i] == '\t' ? '\t' : ' ';
      ++column;
    } else {
      ++remaining_on_line;
    }
  }
  std::uint32_t length =
      std::max<std::uint32_t>(1, std::min(loc.length, std::max(1u, remaining_on_line)));
  std::string caret(1, '^');
  caret.append(length - 1, '~');
  // A credential the spec holds by mistake is what the finding is about, never what it prints
  // (CI logs are read more widely than the repository).
  return fmt::format("{:>5} | {}\n      | {}{}\n", loc.line, mask_credentials(std::string(line)),
                     pad, caret);
}

std::string render_text(const Diagnostic& d, const SourceFiles& files, const TextStyle& style) {
  std::string severity = fmt::format("{}[{}]", severity_name(d.severity), info(d.code).code);
  if (style.color) {
    auto color = d.severity == Severity::Error ? fmt::terminal_color::bright_red
                                               : fmt::terminal_color::bright_yellow;
    severity = fmt::format(fmt::fg(color) | fmt::emphasis::bold, "{}", severity);
  }
  std::string out =
      fmt::format("{}: {}: {}\n", location_prefix(d.location, files), severity, d.message);
  out += source_snippet(d.location, files);
  for (const auto& note : d.notes) {
    if (note.location.known() && note.location != d.location) {
      out += fmt::format("note: {}: {}\n", location_prefix(note.location, files), note.message);
      out += source_snippet(note.location, files);
    } else {
      out += fmt::format("note: {}\n", note.message);
    }
  }
  if (!d.help.empty()) out += fmt::format("help: {}\n", d.help);
  return out;
}

nlohmann::ordered_json diagnostic_json(const Diagnostic& d, const SourceFiles& files) {
  nlohmann::ordered_json j;
  j["code"] = info(d.code).code;
  j["severity"] = severity_name(d.severity);
  j["message"] = d.message;
  j["file"] = d.location.file == kNoFile ? "" : std::string(files.path(d.location.file));
  j["line"] = d.location.line;
  j["column"] = d.location.column;
  j["end_column"] = d.location.column + std::max<std::uint32_t>(d.location.length, 1);
  if (!d.help.empty()) j["help"] = d.help;
  if (!d.notes.empty()) {
    auto& notes = j["notes"] = nlohmann::ordered_json::array();
    for (const auto& note : d.notes) {
      nlohmann::ordered_json n;
      n["message"] = note.message;
      if (note.location.known()) {
        n["file"] = std::string(files.path(note.location.file));
        n["line"] = note.location.line;
        n["column"] = note.location.column;
      }
      notes.push_back(std::move(n));
    }
  }
  return j;
}

}  // namespace infrac
