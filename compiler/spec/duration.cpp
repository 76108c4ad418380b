#include "spec/duration.h"

#include <string>

#include "base/quote.h"

namespace infrac {
namespace {

constexpr std::string_view kUnits = "hms";
constexpr std::int64_t kUnitSeconds[] = {3600, 60, 1};

struct Parsed {
  std::int64_t seconds = 0;
  std::optional<ValueProblem> problem;
};

Parsed parse(std::string_view text) {
  Parsed out;
  auto fail = [&](std::size_t at, std::size_t length, std::string message) {
    out.problem = ValueProblem{at, length, std::move(message),
                               "write a duration as hours, minutes and seconds, each at most "
                               "once and in that order: 90s, 15m, 1h30m"};
    return out;
  };
  if (text.empty()) return fail(0, 1, "a duration is empty");
  std::size_t next_unit = 0;  // units must come in the order h, m, s
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    std::int64_t number = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (number > 1'000'000'000)
        return fail(start, i - start + 1, "a duration's number is too large");
      number = number * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return fail(i, 1, single_quoted(text.substr(i, 1)) + " where a number belongs");
    if (i == text.size())
      return fail(start, i - start,
                  "the number " + std::string(text.substr(start)) + " has no unit (h, m or s)");
    std::size_t unit = kUnits.find(text[i]);
    if (unit == std::string_view::npos) {
      return fail(i, 1, single_quoted(text.substr(i, 1)) + " is not a unit; units are h, m and s");
    }
    if (unit < next_unit) {
      return fail(i, 1, "unit '" + std::string(1, text[i]) + "' repeated or out of order");
    }
    next_unit = unit + 1;
    out.seconds += number * kUnitSeconds[unit];
    ++i;
  }
  return out;
}

std::string human(std::int64_t seconds) {
  std::string out;
  if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
  if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
  if (seconds % 60 || out.empty()) out += std::to_string(seconds % 60) + "s";
  return out;
}

}  // namespace

std::optional<std::int64_t> duration_seconds(std::string_view text) {
  Parsed p = parse(text);
  if (p.problem) return std::nullopt;
  return p.seconds;
}

std::optional<ValueProblem> check_timeout(std::string_view text) {
  Parsed p = parse(text);
  if (p.problem) return p.problem;
  if (p.seconds == 0) {
    return ValueProblem{0, text.size(),
                        "a timeout of " + std::string(text) + " is no deadline at all",
                        "give the longest one run may take, such as 30m; remove timeout for "
                        "no deadline"};
  }
  if (p.seconds > kMaxTimeoutSeconds) {
    return ValueProblem{
        0, text.size(),
        "a timeout of " + std::string(text) + " exceeds the limit of " + human(kMaxTimeoutSeconds),
        "a run longer than " + human(kMaxTimeoutSeconds) +
            " is a worker, not a job: use type worker"};
  }
  return std::nullopt;
}

}  // namespace infrac
