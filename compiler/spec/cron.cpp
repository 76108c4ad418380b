#include "spec/cron.h"

#include <array>
#include <charconv>
#include <string>
#include <vector>

#include "base/quote.h"

namespace infrac {
namespace {

struct FieldRule {
  const char* name;
  int lo, hi;
  std::array<const char*, 12> names;  // value lo + i; empty when the field has none
};

constexpr FieldRule kFields[5] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
};

struct Macro {
  std::string_view name, expansion;
};
constexpr Macro kMacros[] = {{"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
                             {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
                             {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
                             {"@hourly", "0 * * * *"}};

ValueProblem problem(std::size_t offset, std::size_t length, std::string message,
                     std::string help = {}) {
  return ValueProblem{offset, length, std::move(message), std::move(help)};
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// One value of a field: a number or (month, weekday) a three-letter name.
std::optional<ValueProblem> parse_value(std::string_view text, std::size_t at,
                                        const FieldRule& field, CronDialect dialect, int& value) {
  if (text.empty()) return problem(at, 1, std::string(field.name) + " is missing a value");
  if (text[0] >= '0' && text[0] <= '9') {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return problem(at, text.size(),
                     std::string(field.name) + " '" + std::string(text) + "' is not a number");
    }
    int hi = field.hi;
    if (&field == &kFields[4] && dialect == CronDialect::Kubernetes) hi = 6;
    if (value < field.lo || value > hi) {
      std::string help;
      if (&field == &kFields[4] && value == 7) {
        help = "Kubernetes reads Sunday as 0 (its cron parser rejects 7): write 0 or SUN";
      }
      return problem(at, text.size(),
                     std::string(field.name) + " " + std::string(text) + " is out of range " +
                         std::to_string(field.lo) + "-" + std::to_string(hi),
                     help);
    }
    return std::nullopt;
  }
  std::string name = upper(text);
  for (std::size_t i = 0; i < field.names.size() && field.names[i]; ++i) {
    if (name == field.names[i]) {
      value = field.lo + static_cast<int>(i);
      return std::nullopt;
    }
  }
  std::string help = "use numbers " + std::to_string(field.lo) + "-" + std::to_string(field.hi);
  if (field.names[0]) help += " or names " + std::string(field.names[0]) + "-...";
  if (text == "?" || text == "L" || text == "W" || text.find('#') != std::string_view::npos) {
    help =
        "'?', 'L', 'W' and '#' are Quartz extensions neither Kubernetes nor Cloud Scheduler "
        "reads; use '*' or an explicit list";
  }
  return problem(at, text.size(),
                 std::string(field.name) + " '" + std::string(text) + "' is not a value of the " +
                     field.name + " field",
                 help);
}

// One list item: `*`, `V`, `V-V`, each optionally `/STEP`.
std::optional<ValueProblem> parse_item(std::string_view item, std::size_t at,
                                       const FieldRule& field, CronDialect dialect) {
  std::string_view base = item;
  std::size_t slash = item.find('/');
  if (slash != std::string_view::npos) {
    base = item.substr(0, slash);
    std::string_view step_text = item.substr(slash + 1);
    int step = 0;
    auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
    if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
        step < 1 || step > field.hi - field.lo + 1) {
      return problem(at + slash + 1, std::max<std::size_t>(step_text.size(), 1),
                     std::string(field.name) + " step '" + std::string(step_text) +
                         "' must be a number from 1 to " + std::to_string(field.hi - field.lo + 1));
    }
  }
  if (base == "*") return std::nullopt;
  std::size_t dash = base.find('-');
  int lo = 0, hi = 0;
  if (dash == std::string_view::npos) {
    return parse_value(base, at, field, dialect, lo);
  }
  if (auto p = parse_value(base.substr(0, dash), at, field, dialect, lo)) return p;
  if (auto p = parse_value(base.substr(dash + 1), at + dash + 1, field, dialect, hi)) return p;
  if (lo > hi) {
    return problem(at, base.size(),
                   std::string(field.name) + " range " + std::string(base) +
                       " runs backwards; a range goes from the smaller value to the larger");
  }
  return std::nullopt;
}

std::optional<ValueProblem> check_macro(std::string_view schedule, CronDialect dialect) {
  for (const auto& m : kMacros) {
    if (schedule != m.name) continue;
    if (dialect == CronDialect::CloudScheduler) {
      return problem(0, schedule.size(),
                     "Cloud Scheduler reads unix-cron, which has no " + std::string(m.name),
                     "write the five fields: \"" + std::string(m.expansion) + "\"");
    }
    return std::nullopt;
  }
  std::string known;
  for (const auto& m : kMacros) known += (known.empty() ? "" : ", ") + std::string(m.name);
  return problem(0, schedule.size(), single_quoted(schedule) + " is not a cron macro",
                 "macros: " + known + "; or five fields such as \"0 3 * * *\"");
}

}  // namespace

std::optional<ValueProblem> check_cron(std::string_view schedule, CronDialect dialect) {
  if (!schedule.empty() && schedule[0] == '@') return check_macro(schedule, dialect);
  std::vector<std::pair<std::size_t, std::string_view>> fields;  // offset, text
  for (std::size_t i = 0; i < schedule.size();) {
    if (schedule[i] == ' ' || schedule[i] == '\t') {
      ++i;
      continue;
    }
    std::size_t end = schedule.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = schedule.size();
    fields.emplace_back(i, schedule.substr(i, end - i));
    i = end;
  }
  if (fields.size() != 5) {
    std::size_t at = fields.size() > 5 ? fields[5].first : 0;
    return problem(
        at, fields.size() > 5 ? schedule.size() - at : schedule.size(),
        "a cron schedule has 5 fields (minute hour day-of-month month day-of-week); "
        "this one has " +
            std::to_string(fields.size()),
        fields.size() == 6 ? "infrac schedules have no seconds field" : "such as \"0 3 * * *\"");
  }
  for (std::size_t f = 0; f < 5; ++f) {
    auto [offset, text] = fields[f];
    std::size_t start = 0;
    while (true) {
      std::size_t comma = text.find(',', start);
      std::string_view item = text.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (auto p = parse_item(item, offset + start, kFields[f], dialect)) return p;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return std::nullopt;
}

std::optional<ValueProblem> check_cron_any(std::string_view schedule) {
  return check_cron(schedule, CronDialect::Any);
}

}  // namespace infrac
