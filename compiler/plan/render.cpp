#include "plan/render.h"

#include "base/credential_forms.h"

#include "base/regex.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

#include "base/hash.h"
#include "base/regex.h"
#include "report/diagnostic_render.h"
#include "report/findings_render.h"

namespace infrac {
namespace {

struct Counts {
  std::size_t create = 0, update = 0, replace = 0, destroy = 0, read = 0, forget = 0, import = 0,
              move = 0;
};
Counts count(const std::vector<Change>& changes) {
  Counts c;
  for (const auto& x : changes) {
    switch (x.action) {
      case ChangeAction::Create:
        ++c.create;
        break;
      case ChangeAction::Update:
        ++c.update;
        c.import += x.importing;
        break;
      case ChangeAction::Replace:
        ++c.replace;
        break;
      case ChangeAction::Delete:
        ++c.destroy;
        break;
      case ChangeAction::Read:
        ++c.read;
        break;
      case ChangeAction::Forget:
        ++c.forget;
        break;
      case ChangeAction::Import:
        ++c.import;
        break;
      case ChangeAction::Move:
        ++c.move;
        break;
    }
  }
  return c;
}

// Terraform's own summary: a replacement counts once to add and once to destroy.
struct Summary {
  std::size_t add = 0, change = 0, destroy = 0, replace = 0, forget = 0, import = 0, move = 0;
  void add_counts(const Counts& c) {
    forget += c.forget;
    import += c.import;
    move += c.move;
    add += c.create + c.replace;
    change += c.update;
    destroy += c.destroy + c.replace;
    replace += c.replace;
  }
};

std::string settings_line(const TargetPlan& t) {
  std::string out;
  for (const auto& c : t.settings) {
    std::string paths;
    for (const auto& a : c.attributes) paths += (paths.empty() ? "" : ", ") + a.path;
    out += (out.empty() ? "" : "; ") + c.address + (paths.empty() ? "" : " (" + paths + ")");
  }
  return out;
}

std::size_t policy_errors(const TargetPlan& t) {
  std::size_t n = 0;
  for (const auto& f : t.violations) n += !f.waived && f.rule->severity == Severity::Error;
  return n;
}

std::string where(const Location& l, const SourceFiles& files) {
  return l.known() ? location_prefix(l, files) : std::string();
}

std::string where(const SourceRef& r, const SourceFiles&) {
  return r.known() ? r.text() : "";
}

std::string value_text(bool set, const std::string& v) {
  return set ? "\"" + v + "\"" : "(absent)";
}

}  // namespace

namespace {
// INFRAC_MASKS's comma-separated items, as written.
std::vector<std::string> mask_items(const std::string& masks) {
  std::vector<std::string> items;
  for (std::size_t start = 0; start < masks.size();) {
    std::size_t end = std::min(masks.find(',', start), masks.size());
    items.push_back(masks.substr(start, end - start));
    start = end + 1;
  }
  return items;
}
}  // namespace

std::string check_masks(const std::string& masks) {
  for (const auto& item : mask_items(masks)) {
    if (item.rfind("env:", 0) == 0 && item.size() > 4) continue;
    if (item.rfind("regexp:", 0) == 0 && item.size() > 7) {
      Regex re(item.substr(7));
      if (re.ok()) continue;
      return "'" + item + "' is not a valid RE2 pattern: " + re.error();
    }
    return "'" + item + "' is neither env:NAME nor regexp:PATTERN";
  }
  return {};
}

Masks resolve_masks(const std::string& spec,
                    const std::function<const char*(const char*)>& lookup_env) {
  Masks out;
  for (const auto& item : mask_items(spec)) {
    if (item.rfind("env:", 0) == 0) {
      const char* value = lookup_env(item.substr(4).c_str());
      if (value && *value) out.values.emplace_back(value);
    } else if (item.rfind("regexp:", 0) == 0) {
      out.patterns.push_back(item.substr(7));  // check_masks refused a bad one
    }
  }
  return out;
}

std::string apply_masks(std::string text, const Masks& masks) {
  // Credentials infrac recognises by their form are hidden whatever INFRAC_MASKS says.
  text = mask_credentials(std::move(text));
  for (const auto& v : masks.values) {
    for (std::size_t at = text.find(v); at != std::string::npos; at = text.find(v, at + 3))
      text.replace(at, v.size(), "***");
  }
  for (const auto& p : masks.patterns) Regex(p).replace_all(text, "***");
  return text;
}

void mask_plan(Plan& plan, const Masks& masks) {
  auto mask = [&](std::string& s) { s = apply_masks(std::move(s), masks); };
  auto mask_changes = [&](std::vector<Change>& changes) {
    for (auto& c : changes) {
      mask(c.reason);
      for (auto& a : c.attributes) {
        mask(a.before);
        mask(a.after);
      }
    }
  };
  for (auto& r : plan.risks) mask(r.message);
  for (auto& t : plan.targets) {
    mask_changes(t.terraform);
    mask_changes(t.kubernetes);
    mask_changes(t.settings);
    for (auto& r : t.risks) mask(r.message);
    for (auto& f : t.files) mask(f.unified);
    for (auto& f : t.violations) mask(f.message);
    for (auto& r : t.reasons) mask(r);
  }
}

// The unwaived error findings of targets the text does not show (unchanged): they fail the
// plan as those of a changed target do, so the plan says why.
static std::string unlisted_errors(const Plan& plan, const SourceFiles& files,
                                   const PlanRenderOptions& options) {
  std::string out;
  for (const auto& t : plan.targets) {
    if (t.status != TargetStatus::Unchanged || options.all) continue;
    for (const auto& f : t.violations) {
      if (f.waived || f.rule->severity != Severity::Error) continue;
      out += fmt::format("  policy error[{}] in {}: {} ({})\n", f.rule->id, t.target, f.message,
                         where(f.location, files));
    }
  }
  return out;
}

std::string plan_text(const Plan& plan, const SourceFiles& files,
                      const PlanRenderOptions& options) {
  std::string out;
  auto paint = [&](const std::string& s, fmt::terminal_color c) {
    return options.color ? fmt::format(fmt::fg(c), "{}", s) : s;
  };
  for (const auto& r : plan.risks) {
    out += paint(std::string(risk_level_name(r.level)) + ": ", r.level != RiskLevel::Warning
                                                                   ? fmt::terminal_color::red
                                                                   : fmt::terminal_color::yellow) +
           r.message + "\n";
  }
  Summary total;
  std::size_t changed = 0;
  for (const auto& t : plan.targets) {
    if (t.status == TargetStatus::Unchanged && !options.all) continue;
    changed += t.status != TargetStatus::Unchanged;
    // A blank line between blocks, none before the first: the plan starts at its first line.
    out += (out.empty() ? "" : "\n") + t.target + " (" + std::string(status_name(t.status)) + ")\n";
    if (!t.settings.empty()) out += "  settings change: " + settings_line(t) + "\n";
    for (const auto& c : t.settings) {
      for (const auto& a : c.attributes) {
        out += fmt::format("        {}.{}: {} → {}\n", c.address, a.path,
                           value_text(a.had_before, a.before), value_text(a.has_after, a.after));
      }
    }
    for (const auto& r : t.risks)
      out += paint("  " + std::string(risk_level_name(r.level)) + ": " + r.message,
                   fmt::terminal_color::red) +
             "\n";
    for (const auto* list : {&t.terraform, &t.kubernetes}) {
      for (const auto& c : *list) {
        auto color = c.action == ChangeAction::Create   ? fmt::terminal_color::green
                     : c.action == ChangeAction::Delete ? fmt::terminal_color::red
                                                        : fmt::terminal_color::yellow;
        out += paint(fmt::format("  {:>3} {}", action_symbol(c.action), c.address), color) +
               "  # " + c.reason;
        std::string at = where(c.origin, files);
        out += at.empty() ? "\n" : " (" + at + ")\n";
        for (const auto& a : c.attributes) {
          out += fmt::format("        {}: {} → {}\n", a.path, value_text(a.had_before, a.before),
                             value_text(a.has_after, a.after));
        }
      }
    }
    for (const auto& f : t.violations) {
      if (f.waived) continue;
      out += fmt::format("  policy {}[{}]: {} ({})\n", severity_name(f.rule->severity), f.rule->id,
                         f.message, where(f.location, files));
    }
    total.add_counts(count(t.terraform));
    total.add_counts(count(t.kubernetes));
  }
  if (std::string unlisted = unlisted_errors(plan, files, options); !unlisted.empty()) {
    out += (out.empty() ? "" : "\n") + std::string("unchanged targets with policy errors:\n") +
           unlisted;
  }
  // Terraform's own words (its change summary): imports first when there are any; moves are
  // not counted.
  out += fmt::format(
      "{}Plan: {} target(s) changed; {}{} to add, {} to change, {} to destroy{}{}.\n",
      out.empty() ? "" : "\n", changed,
      total.import ? fmt::format("{} to import, ", total.import) : "", total.add, total.change,
      total.destroy, total.forget ? fmt::format(", {} to forget", total.forget) : "",
      total.replace ? fmt::format(" ({} replaced)", total.replace) : "");
  return out;
}

namespace {

// A risk as JSON: its sentence, and the facts it states (docs/plan.md#risk-claims), which a
// consumer can check or act on without parsing the sentence.
nlohmann::ordered_json risk_json(const Risk& r) {
  nlohmann::ordered_json out = {{"level", risk_level_name(r.level)}, {"message", r.message}};
  if (r.origin.known()) out["at"] = r.origin.text();
  if (r.claims.empty()) return out;
  nlohmann::ordered_json claims = nlohmann::ordered_json::array();
  for (const auto& c : r.claims) {
    claims.push_back(
        {{"kind", c.kind}, {"subject", c.subject}, {"object", c.object}, {"change", c.change}});
  }
  out["claims"] = std::move(claims);
  return out;
}

}  // namespace

nlohmann::ordered_json plan_json(const Plan& plan, const SourceFiles& files,
                                 const PlanRenderOptions& options) {
  using json = nlohmann::ordered_json;
  json out;
  // 2: the summary's counts became Terraform's add/change/destroy (docs/cli.md, JSON shapes).
  out["version"] = 2;
  out["format_version"] = "2.0";
  json targets = json::array();
  Summary total;
  std::size_t changed = 0;
  auto changes_json = [&](const std::vector<Change>& list, bool with_replace) {
    Counts c = count(list);
    json j;
    j["create"] = c.create;
    j["update"] = c.update;
    j["delete"] = c.destroy;
    if (with_replace) {
      j["replace"] = c.replace;
      j["read"] = c.read;
      j["forget"] = c.forget;
      j["import"] = c.import;
      j["move"] = c.move;
    }
    json arr = json::array();
    for (const auto& x : list) {
      json cj;
      cj["address"] = x.address;
      cj["action"] = action_name(x.action);
      cj["kind"] = x.kind;
      cj["reason"] = x.reason;
      if (x.origin.known()) {
        cj["file"] = x.origin.path;
        cj["line"] = x.origin.line;
      }
      json attrs = json::array();
      for (const auto& a : x.attributes) {
        attrs.push_back({{"path", a.path},
                         {"before", a.had_before ? json(a.before) : json(nullptr)},
                         {"after", a.has_after ? json(a.after) : json(nullptr)}});
      }
      cj["attributes"] = std::move(attrs);
      arr.push_back(std::move(cj));
    }
    j["changes"] = std::move(arr);
    total.add_counts(c);
    return j;
  };
  // The findings of targets the document does not list: an error among them fails the plan
  // as one on a changed target does, so the document shows it.
  json unlisted = json::array();
  for (const auto& t : plan.targets) {
    if (t.status == TargetStatus::Unchanged && !options.all) {
      for (const auto& f : t.violations) unlisted.push_back(finding_json(f, files));
      continue;
    }
    changed += t.status != TargetStatus::Unchanged;
    json tj;
    tj["target"] = t.target;
    tj["status"] = status_name(t.status);
    tj["terraform"] = changes_json(t.terraform, true);
    tj["kubernetes"] = changes_json(t.kubernetes, false);
    json settings = json::array();
    for (const auto& x : t.settings) {
      json attrs = json::array();
      for (const auto& a : x.attributes) attrs.push_back(a.path);
      settings.push_back({{"address", x.address}, {"attributes", std::move(attrs)}});
    }
    tj["settings"] = std::move(settings);
    json risks = json::array();
    for (const auto& r : t.risks) risks.push_back(risk_json(r));
    tj["risks"] = std::move(risks);
    json violations = json::array();
    for (const auto& f : t.violations) violations.push_back(finding_json(f, files));
    tj["violations"] = std::move(violations);
    tj["reasons"] = t.reasons;
    targets.push_back(std::move(tj));
  }
  out["targets"] = std::move(targets);
  json risks = json::array();
  for (const auto& r : plan.risks) risks.push_back(risk_json(r));
  out["risks"] = std::move(risks);
  out["violations"] = std::move(unlisted);
  // add/change/destroy as Terraform counts them (a replacement in add and in destroy).
  out["summary"] = {{"targets_changed", changed}, {"add", total.add},
                    {"change", total.change},     {"destroy", total.destroy},
                    {"replace", total.replace},   {"forget", total.forget},
                    {"import", total.import},     {"move", total.move}};
  return out;
}

namespace {

// The pull-request comment, piece by piece; plan_markdown fits the pieces to GitHub's limit.
struct CommentWriter {
  const Plan& plan;
  const SourceFiles& files;
  const PlanRenderOptions& options;

  // A spec location, linked to the line on GitHub when the run knows the commit.
  std::string link_to(const std::string& at, std::string_view path, std::uint32_t line) const {
    if (at.empty()) return {};
    if (options.link_base.empty()) return "`" + at + "`";
    return "[`" + at + "`](" + options.link_base + std::string(path) + "#L" + std::to_string(line) +
           ")";
  }
  std::string link(const Location& l) const {
    return link_to(where(l, files), l.known() ? files.path(l.file) : "", l.line);
  }
  std::string link(const SourceRef& r) const { return link_to(where(r, files), r.path, r.line); }

  // The marker follows github-comment's metadata convention, so hide-comment tools work.
  std::string marker() const {
    return "<!-- github-comment: {\"Program\":\"infrac\",\"Command\":\"plan\",\"Target\":\"" +
           options.marker_target + "\"} -->\n";
  }

  // The title, a table per environment (Terraform's counts), and the risks.
  std::string head() const {
    std::map<std::string, std::array<std::size_t, 5>>
        per_env;  // targets, add, change, destroy, policy
    std::vector<std::string> env_order;
    for (const auto& t : plan.targets) {
      if (!per_env.count(t.env)) env_order.push_back(t.env);
      auto& row = per_env[t.env];
      if (t.status == TargetStatus::Unchanged) continue;
      Summary sum;
      sum.add_counts(count(t.terraform));
      sum.add_counts(count(t.kubernetes));
      row[0] += 1;
      row[1] += sum.add;
      row[2] += sum.change;
      row[3] += sum.destroy;
      row[4] += policy_errors(t);
    }
    std::string out =
        "## infrac plan\n\n| environment | targets changed | to add | to change | to destroy | "
        "policy errors |\n|---|---|---|---|---|---|\n";
    for (const auto& env : env_order) {
      const auto& r = per_env[env];
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", env, r[0], r[1], r[2], r[3], r[4]);
    }
    std::string danger;
    for (const auto& r : plan.risks)
      danger += fmt::format("- **{}**: {}\n", risk_level_name(r.level), r.message);
    for (const auto& t : plan.targets) {
      for (const auto& r : t.risks)
        danger += fmt::format("- **{}**: {}\n", risk_level_name(r.level), r.message);
    }
    if (!danger.empty()) out += "\n### ⚠️ Needs a careful look\n\n" + danger;
    std::string unlisted;  // they fail the plan though their targets do not change
    for (const auto& t : plan.targets) {
      if (t.status != TargetStatus::Unchanged || options.all) continue;
      for (const auto& f : t.violations) {
        if (f.waived || f.rule->severity != Severity::Error) continue;
        unlisted += fmt::format("- policy **error** `{}` in {}: {} ({})\n", f.rule->id, t.target,
                                f.message, link(f.location));
      }
    }
    if (!unlisted.empty()) out += "\n### Policy errors on unchanged targets\n\n" + unlisted;
    return out;
  }

  // One target at three sizes: 0, the changes and the text diffs; 1, the changes with their
  // attributes; 2, one line that still names what changed (attribute paths and a digest of
  // the full section), so two different plans never render the same comment.
  struct Section {
    std::string full, attributes_only, line;
  };
  Section section(const TargetPlan& t) const {
    Counts tf = count(t.terraform), k = count(t.kubernetes);
    std::string summary = fmt::format("{} ({}): +{} ~{} -/+{} -{}", t.target, status_name(t.status),
                                      tf.create + k.create, tf.update + k.update,
                                      tf.replace + k.replace, tf.destroy + k.destroy);
    if (tf.import) summary += fmt::format(" <-{}", tf.import);
    if (tf.move) summary += fmt::format(" ->{}", tf.move);
    std::string s = "<details><summary>" + summary + "</summary>\n\n";
    if (!t.settings.empty()) s += "- settings change: `" + settings_line(t) + "`\n";
    // `detailed` is `s` with each change's attributes nested under that change.
    std::string detailed = s, attributes;
    for (const auto* list : {&t.terraform, &t.kubernetes}) {
      for (const auto& c : *list) {
        std::string at = link(c.origin);
        std::string line = fmt::format("- `{}` `{}` {}{}\n", action_symbol(c.action), c.address,
                                       c.reason, at.empty() ? "" : " (" + at + ")");
        s += line;
        detailed += line;
        for (const auto& a : c.attributes) {
          std::string attribute =
              fmt::format("  - `{}`: {} → {}\n", a.path, value_text(a.had_before, a.before),
                          value_text(a.has_after, a.after));
          detailed += attribute;
          attributes += attribute;
        }
      }
    }
    for (const auto& f : t.violations) {
      std::string line = fmt::format("- policy **{}** `{}`: {} ({})\n",
                                     f.waived ? "waived" : severity_name(f.rule->severity),
                                     f.rule->id, f.message, link(f.location));
      s += line;
      detailed += line;
    }
    std::string diffs;
    for (const auto& f : t.files) {
      std::string fence = f.unified.find("```") == std::string::npos ? "```" : "~~~";
      diffs += "\n" + fence + "diff\n" + f.unified + (f.unified.ends_with("\n") ? "" : "\n") +
               fence + "\n";
    }
    std::string names = changed_paths(t);
    return {s + diffs + "\n</details>\n", detailed + "\n</details>\n",
            "- " + summary + (names.empty() ? "" : " · " + names) + " · digest `" +
                short_hash(s + attributes + diffs, 12) + "`\n"};
  }

  static std::string changed_paths(const TargetPlan& t) {
    std::set<std::string> paths;
    for (const auto* list : {&t.terraform, &t.kubernetes, &t.settings}) {
      for (const auto& c : *list) {
        if (c.attributes.empty()) paths.insert(c.address);
        for (const auto& a : c.attributes) paths.insert(a.path);
      }
    }
    std::string names;
    for (const auto& p : paths) {
      if (names.size() > 200) return names + ", …";
      names += (names.empty() ? "" : ", ") + p;
    }
    return names;
  }

  // Mermaid: the services whose wiring changed, with their dependencies. Edges the change adds
  // are thick, edges it removes dotted, the others plain.
  std::string wiring() const {
    std::set<std::string> wired;
    for (const auto& t : plan.targets) {
      if (t.wiring_changed && t.status != TargetStatus::Unchanged) wired.insert(t.service);
    }
    if (wired.empty()) return {};
    std::set<std::string> edges;
    for (const auto& t : plan.targets) {
      if (!wired.count(t.service)) continue;
      edges.insert("  " + t.service);
      std::set<std::string> before(t.dependencies_before.begin(), t.dependencies_before.end());
      std::set<std::string> after;
      if (t.status != TargetStatus::Removed)
        after.insert(t.dependencies.begin(), t.dependencies.end());
      for (const auto& d : after)
        edges.insert("  " + t.service + (before.count(d) ? " --> " : " ==>|added| ") + d);
      for (const auto& d : before)
        if (!after.count(d)) edges.insert("  " + t.service + " -.->|removed| " + d);
    }
    std::string graph = "\n#### Wiring that changed\n\n```mermaid\ngraph LR\n";
    for (const auto& e : edges) graph += e + "\n";
    return graph + "```\n";
  }
};

}  // namespace

Markdown plan_markdown(const Plan& plan, const SourceFiles& files,
                       const PlanRenderOptions& options) {
  CommentWriter writer{plan, files, options};
  std::string marker = writer.marker(), head = writer.head(), graph = writer.wiring();
  std::string bodies[3];  // the sizes of CommentWriter::section
  for (const auto& t : plan.targets) {
    if (t.status == TargetStatus::Unchanged && !options.all) continue;
    auto s = writer.section(t);
    bodies[0] += s.full;
    bodies[1] += s.attributes_only;
    bodies[2] += s.line;
  }
  // The digest of the whole plan (every attribute of every target, and the text diffs):
  // whatever had to be left out, a different plan shows a different comment.
  PlanRenderOptions every = options;
  every.all = true;
  every.color = false;
  std::string digest = short_hash(plan_text(plan, files, every) + bodies[0], 12);
  std::string foot = "\n<sub>infrac plan · " + std::to_string(plan.targets.size()) +
                     " targets compared · digest " + digest + "</sub>\n";
  Markdown out;
  out.full = marker + head + "\n" + bodies[0] + graph + foot;
  out.comment = out.full;
  const char* notes[] = {"", "Text diffs were left out to fit GitHub's comment limit",
                         "Only per-target summaries fit GitHub's comment limit"};
  for (int level = 1; level <= 2 && out.comment.size() > options.max_comment; ++level) {
    std::string note = std::string("\n> ") + notes[level] +
                       "; the full plan is in the job summary and the plan artifact.\n";
    out.comment = marker + head + note + "\n" + bodies[level] + graph + foot;
    out.degraded = notes[level];
  }
  if (out.comment.size() > options.max_comment) {
    std::string note =
        "\n> The plan is too large for a comment; the full plan is in the job summary and the plan "
        "artifact.\n";
    std::size_t cut =
        head.rfind('\n', options.max_comment / 2);  // whole lines: no split code point
    out.comment = marker + head.substr(0, cut == std::string::npos ? 0 : cut + 1) + note + foot;
    out.degraded = "Only the summary fits GitHub's comment limit";
  }
  return out;
}

}  // namespace infrac
