#include "policy/inline_waivers.h"

#include <map>

#include "base/did_you_mean.h"

namespace infrac {
namespace {

constexpr std::string_view kMarker = "infrac:waive";

// `rule key=value key="quoted value" ...` -> rule and fields.
struct Parsed {
  std::string rule;
  std::map<std::string, std::string> fields;
  std::string problem;
};

Parsed parse(std::string_view text) {
  Parsed out;
  std::size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  skip();
  while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '=')
    out.rule += text[i++];
  if (i < text.size() && text[i] == '=') {  // the first word is a field: no rule given
    i -= out.rule.size();
    out.rule.clear();
  }
  while (true) {
    skip();
    if (i >= text.size()) break;
    std::string key;
    while (i < text.size() && text[i] != '=' && text[i] != ' ') key += text[i++];
    if (i >= text.size() || text[i] != '=') {
      out.problem = "expected key=value after '" + key + "'";
      return out;
    }
    ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      std::size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) {
        out.problem = "unterminated quoted value for " + key;
        return out;
      }
      value = text.substr(i + 1, end - i - 1);
      i = end + 1;
    } else {
      while (i < text.size() && text[i] != ' ' && text[i] != '\t') value += text[i++];
    }
    out.fields[key] = value;
  }
  return out;
}

// The comment's text without its delimiters.
std::string_view body_of(std::string_view c) {
  if (c.rfind("/*", 0) == 0) {
    c.remove_prefix(2);
    if (c.size() >= 2 && c.substr(c.size() - 2) == "*/") c.remove_suffix(2);
  } else if (c.rfind("//", 0) == 0) {
    c.remove_prefix(2);
  } else if (!c.empty() && c[0] == '#') {
    c.remove_prefix(1);
  }
  while (!c.empty() && (c.back() == '\n' || c.back() == '\r' || c.back() == ' '))
    c.remove_suffix(1);
  return c;
}

}  // namespace

std::vector<InlineWaiver> read_inline_waivers(const TerraformInventory& inv,
                                              const PolicySet& policies, int today, int max_days,
                                              std::deque<PolicyException>& storage,
                                              Diagnostics& diagnostics) {
  std::vector<InlineWaiver> out;
  std::vector<std::string_view> rule_ids;
  for (const auto& r : policies.rules) rule_ids.push_back(r.id);
  for (std::size_t fi = 0; fi < inv.files.size(); ++fi) {
    const TerraformFile& f = inv.files[fi];
    if (!f.parsed) continue;
    for (const auto& c : f.model.comments) {
      std::string_view text = body_of(c.text);
      std::size_t at = text.find(kMarker);
      if (at == std::string_view::npos) continue;
      Location where = c.span.location;
      auto fail = [&](std::string message, std::string help = {}) {
        Diagnostic& d = diagnostics.add(DiagCode::kInlineWaiver, where, std::move(message));
        d.help = help.empty()
                     ? "write: # infrac:waive RULE owner=TEAM reason=\"WHY\" expires=YYYY-MM-DD"
                     : std::move(help);
      };
      Parsed p = parse(text.substr(at + kMarker.size()));
      if (!p.problem.empty()) {
        fail("inline waiver: " + p.problem);
        continue;
      }
      if (p.rule.empty()) {
        fail("inline waiver names no rule");
        continue;
      }
      if (!policies.rule(p.rule)) {
        std::string help = did_you_mean(p.rule, rule_ids);
        fail("inline waiver for unknown rule '" + p.rule + "'", help);
        continue;
      }
      std::vector<std::string> missing;
      for (const char* field : {"owner", "reason", "expires"}) {
        auto it = p.fields.find(field);
        if (it == p.fields.end() || it->second.empty()) missing.push_back(field);
      }
      if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        fail("inline waiver for " + p.rule + " without " + list);
        continue;
      }
      for (const auto& [key, value] : p.fields) {
        if (key != "owner" && key != "reason" && key != "expires") {
          fail("inline waiver field '" + key + "' is not one of owner, reason, expires");
        }
      }
      std::optional<int> day = parse_day(p.fields["expires"]);
      if (!day) {
        fail("inline waiver expiry '" + p.fields["expires"] + "' is not a YYYY-MM-DD date");
        continue;
      }
      if (*day - today > max_days) {
        fail("inline waiver for " + p.rule + " expires " + std::to_string(*day - today) +
                 " days from today; the project allows at most " + std::to_string(max_days),
             "renew it closer to its expiry (spec.exceptions.max_days in infrac.yaml)");
        continue;
      }
      // The block the comment sits in, else the next one.
      const InventoryItem* covered = nullptr;
      for (const auto& item : inv.items) {
        if (item.file != fi) continue;
        const Span& s = item.block->span;
        if (s.start <= c.span.start && c.span.start < s.end) {
          covered = &item;
          break;
        }
        if (s.start >= c.span.end && (!covered || s.start < covered->block->span.start))
          covered = &item;
      }
      if (!covered) {
        fail("inline waiver for " + p.rule + " covers no resource, data, module or provider block",
             "put it on the line above the block it waives");
        continue;
      }
      PolicyException& x = storage.emplace_back();
      x.rule = p.rule;
      x.owner = p.fields["owner"];
      x.reason = p.fields["reason"];
      x.expires = p.fields["expires"];
      x.expires_day = *day;
      x.location = where;
      x.expired = *day < today;
      x.targets.push_back(covered->directory);
      if (x.expired) {
        diagnostics.add(
            DiagCode::kInlineWaiverExpired, where,
            "inline waiver for " + p.rule + " expired on " + x.expires + "; it no longer waives");
        continue;
      }
      out.push_back({&x, f.id, covered->address});
    }
  }
  return out;
}

void apply_inline_waivers(const std::vector<InlineWaiver>& waivers,
                          std::vector<Finding>& findings) {
  for (auto& f : findings) {
    if (f.waived) continue;
    for (const auto& w : waivers) {
      if (w.exception->rule == f.rule->id && w.address == f.address && w.file == f.location.file) {
        f.waived = true;
        f.exception = w.exception;
        break;
      }
    }
  }
}

}  // namespace infrac
