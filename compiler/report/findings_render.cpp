#include "report/findings_render.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include <map>

#include "base/hash.h"

#ifndef INFRAC_VERSION
#define INFRAC_VERSION "0.0.0"
#endif

namespace infrac {
namespace {

std::string file_of(const Location& l, const SourceFiles& files) {
  return l.file == kNoFile ? std::string() : std::string(files.path(l.file));
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') continue;  // not allowed in XML 1.0
        out += c;
    }
  }
  return out;
}

// The finding's own help (the rule's, with the finding's names filled in) or the rule's.
const std::string& help_of(const Finding& f) {
  return f.help.empty() ? f.rule->help : f.help;
}

std::string severity_word(Severity s) {
  return std::string(severity_name(s));
}

}  // namespace

std::string finding_text(const Finding& f, const SourceFiles& files, const TextStyle& style) {
  std::string label =
      fmt::format("{}[{}]", f.waived ? "waived" : severity_word(f.rule->severity), f.rule->id);
  if (style.color) {
    auto color = f.waived                              ? fmt::terminal_color::bright_black
                 : f.rule->severity == Severity::Error ? fmt::terminal_color::bright_red
                                                       : fmt::terminal_color::bright_yellow;
    label = fmt::format(fmt::fg(color) | fmt::emphasis::bold, "{}", label);
  }
  std::string out =
      fmt::format("{}: {}: {}\n", location_prefix(f.location, files), label, f.message);
  out += source_snippet(f.location, files);
  out +=
      fmt::format("  = in {}{}\n", f.target, f.address.empty() ? "" : (f.hand_written ? ", " : ", generated ") + f.address);
  if (f.waived && f.exception) {
    out += fmt::format("  = waived until {} for {}: {}\n", f.exception->expires, f.exception->owner,
                       f.exception->reason);
  } else if (!help_of(f).empty()) {
    out += fmt::format("help: {}\n", help_of(f));
  }
  return out;
}

nlohmann::ordered_json finding_json(const Finding& f, const SourceFiles& files) {
  nlohmann::ordered_json j;
  j["rule"] = f.rule->id;
  j["severity"] = severity_word(f.rule->severity);
  j["category"] = f.rule->category;
  j["message"] = f.message;
  j["file"] = file_of(f.location, files);
  j["line"] = f.location.line;
  j["column"] = f.location.column;
  j["target"] = f.target;
  j["waived"] = f.waived;
  if (!f.address.empty()) j["address"] = f.address;
  if (!f.path.empty()) j["path"] = f.path;
  j["help"] = help_of(f);
  if (f.exception) {
    j["exception"] = {{"owner", f.exception->owner},
                      {"reason", f.exception->reason},
                      {"expires", f.exception->expires}};
  }
  return j;
}

nlohmann::ordered_json sarif_report(const std::vector<Diagnostic>& diagnostics,
                                    const std::vector<Finding>& findings, const PolicySet& policies,
                                    const SourceFiles& files) {
  using json = nlohmann::ordered_json;
  json rules = json::array();
  std::map<std::string, std::size_t> index;
  auto add_rule = [&](const std::string& id, const std::string& name, const std::string& short_text,
                      const std::string& full, const std::string& help, const std::string& level,
                      const std::string& category, const std::string& docs) {
    if (index.count(id)) return;
    index[id] = rules.size();
    json r;
    r["id"] = id;
    r["name"] = name;
    r["shortDescription"] = {{"text", short_text.substr(0, 1024)}};
    r["fullDescription"] = {{"text", full.substr(0, 1024)}};
    r["help"] = {{"text", help.empty() ? short_text : help}};
    if (!docs.empty()) r["helpUri"] = docs;
    r["defaultConfiguration"] = {{"level", level}};
    r["properties"] = {{"tags", json::array({category})}};
    rules.push_back(std::move(r));
  };
  for (const auto& r : policies.rules) {
    add_rule(r.id, r.id, r.description, r.rationale.empty() ? r.description : r.rationale, r.help,
             r.severity == Severity::Error ? "error" : "warning", r.category, r.docs);
  }
  json results = json::array();
  auto location = [&](const Location& l) {
    json loc;
    loc["physicalLocation"]["artifactLocation"] = {{"uri", file_of(l, files)},
                                                   {"uriBaseId", "%SRCROOT%"}};
    if (l.line > 0) {
      loc["physicalLocation"]["region"] = {{"startLine", l.line},
                                           {"startColumn", std::max<std::uint32_t>(l.column, 1)},
                                           {"endColumn", std::max<std::uint32_t>(l.column, 1) +
                                                             std::max<std::uint32_t>(l.length, 1)}};
    }
    return loc;
  };
  for (const auto& d : diagnostics) {
    std::string id(info(d.code).code);
    add_rule(id, id, std::string(info(d.code).summary), std::string(info(d.code).summary), d.help,
             d.severity == Severity::Error ? "error" : "warning", "input", "");
    json r;
    r["ruleId"] = id;
    r["ruleIndex"] = index[id];
    r["level"] = d.severity == Severity::Error ? "error" : "warning";
    r["message"] = {{"text", d.message}};
    if (d.location.file != kNoFile) r["locations"] = json::array({location(d.location)});
    r["partialFingerprints"] = {
        {"primaryLocationLineHash",
         short_hash(id + "\n" + file_of(d.location, files) + "\n" + d.message, 16)}};
    results.push_back(std::move(r));
  }
  for (const auto& f : findings) {
    json r;
    r["ruleId"] = f.rule->id;
    r["ruleIndex"] = index[f.rule->id];
    r["level"] = f.rule->severity == Severity::Error ? "error" : "warning";
    r["message"] = {
        {"text", f.message + " (" + f.target + (f.address.empty() ? "" : ", " + f.address) + ")"}};
    if (f.location.file != kNoFile) r["locations"] = json::array({location(f.location)});
    // Stable across line shifts: the rule, the file, the target, the generated address, the path.
    r["partialFingerprints"] = {{"primaryLocationLineHash",
                                 short_hash(f.rule->id + "\n" + file_of(f.location, files) + "\n" +
                                                f.target + "\n" + f.address + "\n" + f.path,
                                            16)}};
    if (f.waived && f.exception) {
      r["suppressions"] =
          json::array({{{"kind", "external"},
                        {"justification", f.exception->reason + " (owner " + f.exception->owner +
                                              ", until " + f.exception->expires + ")"}}});
    }
    results.push_back(std::move(r));
  }
  json run;
  run["tool"]["driver"] = {{"name", "infrac"},
                           {"informationUri", "https://github.com/infrac/infrac"},
                           {"version", INFRAC_VERSION},
                           {"rules", std::move(rules)}};
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";
  json out;
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = json::array({std::move(run)});
  return out;
}

std::string github_escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string github_escape_property(std::string_view text) {
  std::string out;
  for (char c : github_escape_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

GithubReport github_report(const std::vector<Diagnostic>& diagnostics,
                           const std::vector<Finding>& findings, const SourceFiles& files) {
  GithubReport out;
  int errors = 0, warnings = 0, hidden = 0;
  auto annotate = [&](bool error, const Location& l, const std::string& title,
                      const std::string& message) {
    int& count = error ? errors : warnings;
    if (count == 10) {
      ++hidden;
      return;
    }
    ++count;
    std::string props;
    if (l.file != kNoFile) {
      props = "file=" + github_escape_property(file_of(l, files));
      if (l.line) {
        props += ",line=" + std::to_string(l.line) + ",col=" + std::to_string(l.column) +
                 ",endColumn=" + std::to_string(l.column + std::max<std::uint32_t>(l.length, 1));
      }
      props += ",";
    }
    props += "title=" + github_escape_property(title);
    out.annotations += std::string("::") + (error ? "error" : "warning") + " " + props +
                       "::" + github_escape_data(message) + "\n";
  };
  for (const auto& d : diagnostics) {
    annotate(d.severity == Severity::Error, d.location, std::string(info(d.code).code), d.message);
  }
  for (const auto& f : findings) {
    if (f.waived) continue;
    annotate(f.rule->severity == Severity::Error, f.location, f.rule->id,
             f.message + " (" + f.target + ")" + (help_of(f).empty() ? "" : "\n" + help_of(f)));
  }
  std::size_t waived = 0, error_findings = 0, warning_findings = 0;
  for (const auto& f : findings) {
    if (f.waived)
      ++waived;
    else
      (f.rule->severity == Severity::Error ? error_findings : warning_findings) += 1;
  }
  std::string& s = out.summary;
  s += "## infrac check\n\n";
  s += fmt::format(
      "| errors | warnings | waived | input problems |\n|---|---|---|---|\n| {} | {} | {} | {} "
      "|\n\n",
      error_findings, warning_findings, waived, diagnostics.size());
  if (hidden) {
    s += fmt::format("{} more annotation{} than GitHub shows per step; all are listed here.\n\n",
                     hidden, hidden == 1 ? "" : "s");
  }
  if (!findings.empty() || !diagnostics.empty()) {
    s += "| rule | where | target | message |\n|---|---|---|---|\n";
    auto cell = [](std::string text) {
      std::string outc;
      for (char c : text) {
        if (c == '|')
          outc += "\\|";
        else if (c == '\n')
          outc += ' ';
        else
          outc += c;
      }
      return outc;
    };
    for (const auto& d : diagnostics) {
      s += fmt::format("| `{}` | `{}` |  | {} |\n", info(d.code).code,
                       cell(location_prefix(d.location, files)), cell(d.message));
    }
    for (const auto& f : findings) {
      s += fmt::format("| `{}`{} | `{}` | {} | {} |\n", f.rule->id, f.waived ? " (waived)" : "",
                       cell(location_prefix(f.location, files)), f.target, cell(f.message));
    }
  }
  return out;
}

std::string junit_report(const std::vector<Diagnostic>& diagnostics,
                         const std::vector<Finding>& findings, const SourceFiles& files) {
  std::size_t failures = 0, skipped = 0;
  std::string cases;
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::Error) ++failures;
    std::string where = location_prefix(d.location, files);
    cases += fmt::format("    <testcase classname=\"input\" name=\"{}\">\n",
                         xml_escape(std::string(info(d.code).code) + " " + where));
    if (d.severity == Severity::Error) {
      cases += fmt::format("      <failure type=\"error\" message=\"{}\">{}</failure>\n",
                           xml_escape(d.message), xml_escape(where + ": " + d.message));
    }
    cases += "    </testcase>\n";
  }
  for (const auto& f : findings) {
    std::string where = location_prefix(f.location, files);
    cases +=
        fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(f.rule->category),
                    xml_escape(f.rule->id + " " + f.target + " " + where));
    if (f.waived) {
      ++skipped;
      cases +=
          fmt::format("      <skipped message=\"{}\"/>\n",
                      xml_escape("waived: " + (f.exception ? f.exception->reason : std::string())));
    } else if (f.rule->severity == Severity::Error) {
      ++failures;
      cases += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", f.rule->id,
                           xml_escape(f.message),
                           xml_escape(where + ": " + f.message + "\n" + help_of(f)));
    }
    cases += "    </testcase>\n";
  }
  std::size_t tests = diagnostics.size() + findings.size();
  if (tests == 0) {
    cases = "    <testcase classname=\"infrac\" name=\"specs and policies\"/>\n";
    tests = 1;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"infrac "
      "check\" "
      "tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}  "
      "</testsuite>\n</testsuites>\n",
      tests, failures, skipped, cases);
}

}  // namespace infrac
