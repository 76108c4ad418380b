#include "spec/cron.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <mutex>
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

// One list item: `*`, `V`, `V-V`, each optionally `/STEP`; its values are added to `bits`
// (bit v for value v) when given. `V/STEP` runs from V to the field's end, as in robfig/cron.
std::optional<ValueProblem> parse_item(std::string_view item, std::size_t at,
                                       const FieldRule& field, CronDialect dialect,
                                       std::uint64_t* bits = nullptr) {
  std::string_view base = item;
  std::size_t slash = item.find('/');
  int step = 1;
  auto fill = [&](int lo, int hi) {
    if (!bits) return;
    for (int v = lo; v <= hi; v += step) *bits |= std::uint64_t{1} << v;
  };
  if (slash != std::string_view::npos) {
    base = item.substr(0, slash);
    std::string_view step_text = item.substr(slash + 1);
    step = 0;
    auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
    if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
        step < 1 || step > field.hi - field.lo + 1) {
      return problem(at + slash + 1, std::max<std::size_t>(step_text.size(), 1),
                     std::string(field.name) + " step '" + std::string(step_text) +
                         "' must be a number from 1 to " + std::to_string(field.hi - field.lo + 1));
    }
  }
  if (base == "*") {
    fill(field.lo, field.hi);
    return std::nullopt;
  }
  std::size_t dash = base.find('-');
  int lo = 0, hi = 0;
  if (dash == std::string_view::npos) {
    if (auto p = parse_value(base, at, field, dialect, lo)) return p;
    fill(lo, slash == std::string_view::npos ? lo : field.hi);
    return std::nullopt;
  }
  if (auto p = parse_value(base.substr(0, dash), at, field, dialect, lo)) return p;
  if (auto p = parse_value(base.substr(dash + 1), at + dash + 1, field, dialect, hi)) return p;
  if (lo > hi) {
    return problem(at, base.size(),
                   std::string(field.name) + " range " + std::string(base) +
                       " runs backwards; a range goes from the smaller value to the larger");
  }
  fill(lo, hi);
  return std::nullopt;
}

// The whitespace-separated fields of a schedule, each with its offset.
std::vector<std::pair<std::size_t, std::string_view>> split_fields(std::string_view schedule) {
  std::vector<std::pair<std::size_t, std::string_view>> fields;
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
  return fields;
}

// Every comma-separated item of one field (at `offset`), through parse_item; the first problem.
std::optional<ValueProblem> parse_field(std::size_t f, std::size_t offset, std::string_view text,
                                        CronDialect dialect, std::uint64_t* bits = nullptr) {
  for (std::size_t start = 0;;) {
    std::size_t comma = text.find(',', start);
    std::string_view item =
        text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (auto p = parse_item(item, offset + start, kFields[f], dialect, bits)) return p;
    if (comma == std::string_view::npos) return std::nullopt;
    start = comma + 1;
  }
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

namespace {

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm, public domain:
// https://howardhinnant.github.io/date_algorithms.html#civil_from_days).
void civil_from_days(std::int64_t z, int& month, int& day) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
}

std::optional<std::int64_t> longest_gap(std::string_view schedule) {
  auto fields = split_fields(schedule);
  if (fields.size() != 5) return std::nullopt;
  std::array<std::uint64_t, 5> bits{};
  std::array<bool, 5> star{};
  for (std::size_t f = 0; f < 5; ++f) {
    star[f] = fields[f].second[0] == '*';
    if (parse_field(f, 0, fields[f].second, CronDialect::Any, &bits[f])) return std::nullopt;
  }
  if (bits[4] & (std::uint64_t{1} << 7)) bits[4] |= 1;  // 7 is Sunday too
  std::vector<int> minutes;                             // the minutes of a matching day, ascending
  for (int h = 0; h < 24; ++h) {
    for (int m = 0; m < 60; ++m) {
      if ((bits[1] >> h & 1) && (bits[0] >> m & 1)) minutes.push_back(h * 60 + m);
    }
  }
  if (minutes.empty()) return std::nullopt;
  std::int64_t longest = 0;
  for (std::size_t i = 1; i < minutes.size(); ++i)
    longest = std::max<std::int64_t>(longest, minutes[i] - minutes[i - 1]);
  // Eight years from 2024-01-01 cover leap days and every weekday a date falls on in practice.
  constexpr std::int64_t kFirstDay = 19723, kDays = 8 * 366;
  std::int64_t previous = -1;
  for (std::int64_t d = kFirstDay; d < kFirstDay + kDays; ++d) {
    int month = 0, dom = 0;
    civil_from_days(d, month, dom);
    int dow = static_cast<int>((d + 4) % 7);  // 1970-01-01 was a Thursday
    bool dom_ok = bits[2] >> dom & 1, dow_ok = bits[4] >> dow & 1;
    // robfig/cron and cron(8): both day fields restricted -> either matches.
    bool day_ok = (star[2] || star[4]) ? (dom_ok && dow_ok) : (dom_ok || dow_ok);
    if (!(bits[3] >> month & 1) || !day_ok) continue;
    if (previous >= 0)
      longest = std::max(longest, (d - previous) * 1440 + minutes.front() - minutes.back());
    previous = d;
  }
  if (previous < 0) return std::nullopt;
  return longest == 0 ? kDays * 1440 : longest;  // one run in eight years
}

}  // namespace

std::optional<std::int64_t> cron_longest_gap_minutes(std::string_view schedule) {
  for (const auto& m : kMacros) {
    if (schedule == m.name) return cron_longest_gap_minutes(m.expansion);
  }
  // Eight years of days per call, and every cron target asks several times (validation, each
  // environment, the alerts): each schedule is walked once per run.
  static std::mutex mutex;
  static std::map<std::string, std::optional<std::int64_t>, std::less<>> known;
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(schedule); it != known.end()) return it->second;
  }
  std::optional<std::int64_t> gap = longest_gap(schedule);
  std::lock_guard lock(mutex);
  if (known.size() < 10000) known.emplace(std::string(schedule), gap);
  return gap;
}

std::optional<ValueProblem> check_cron(std::string_view schedule, CronDialect dialect) {
  if (!schedule.empty() && schedule[0] == '@') return check_macro(schedule, dialect);
  auto fields = split_fields(schedule);  // offset, text
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
    if (auto p = parse_field(f, fields[f].first, fields[f].second, dialect)) return p;
  }
  // Every field in range, and still no day on which they all hold (30 February, 31 April):
  // the job would never run while its alert waits for it.
  if (!cron_longest_gap_minutes(schedule))
    return problem(
        fields[2].first, fields[2].second.size(),
        "this schedule never runs: no month it names has day " + std::string(fields[2].second),
        "a month has at most 31 days (30 in April, June, September and November, "
        "29 in February)");
  return std::nullopt;
}

std::optional<ValueProblem> check_cron_any(std::string_view schedule) {
  return check_cron(schedule, CronDialect::Any);
}

}  // namespace infrac
