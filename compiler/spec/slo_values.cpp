#include "spec/slo_values.h"

#include <algorithm>

namespace infrac {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits with an optional fraction of at most `max_decimals`, scaled by 10^max_decimals.
std::optional<std::int64_t> scaled_decimal(std::string_view text, int max_decimals) {
  auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > 9) return std::nullopt;
  if (dot != std::string_view::npos && !all_digits(fraction)) return std::nullopt;
  if (static_cast<int>(fraction.size()) > max_decimals) return std::nullopt;
  std::int64_t value = std::stoll(std::string(whole));
  for (int i = 0; i < max_decimals; ++i) {
    value = value * 10 + (i < static_cast<int>(fraction.size()) ? fraction[i] - '0' : 0);
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> objective_thousandths(std::string_view text) {
  return scaled_decimal(text, 3);
}

std::optional<ValueProblem> check_objective(std::string_view text) {
  std::optional<std::int64_t> v = objective_thousandths(text);
  if (!v) {
    return ValueProblem{0, text.size(),
                        "'" + std::string(text) + "' is not a percentage such as 99.9",
                        "write the share of good events in percent, with at most three "
                        "decimals: 99, 99.5, 99.95"};
  }
  if (*v < 50000 || *v >= kObjectiveScale) {
    return ValueProblem{
        0, text.size(), "an objective of " + std::string(text) + "% is outside 50 to 99.999",
        *v >= kObjectiveScale ? "100% leaves no error budget: every failed request would page; "
                                "choose what users need, such as 99.9"
                              : "an objective below 50% measures nothing users would accept"};
  }
  return std::nullopt;
}

std::optional<std::int64_t> latency_milliseconds(std::string_view text) {
  if (text.size() > 2 && text.substr(text.size() - 2) == "ms") {
    std::string_view n = text.substr(0, text.size() - 2);
    if (!all_digits(n) || n.size() > 9) return std::nullopt;
    return std::stoll(std::string(n));
  }
  if (text.size() > 1 && text.back() == 's')
    return scaled_decimal(text.substr(0, text.size() - 1), 3);
  return std::nullopt;
}

const std::vector<std::int64_t>& latency_buckets_ms() {
  static const std::vector<std::int64_t> buckets = {5,   10,  25,   50,   75,   100,  250,
                                                    500, 750, 1000, 2500, 5000, 7500, 10000};
  return buckets;
}

std::optional<ValueProblem> check_latency_threshold(std::string_view text) {
  std::optional<std::int64_t> ms = latency_milliseconds(text);
  if (!ms) {
    return ValueProblem{0, text.size(), "'" + std::string(text) + "' is not a latency",
                        "write milliseconds or seconds: 250ms, 1s"};
  }
  const auto& buckets = latency_buckets_ms();
  if (std::find(buckets.begin(), buckets.end(), *ms) != buckets.end()) return std::nullopt;
  std::string list;
  for (auto b : buckets) list += (list.empty() ? "" : ", ") + std::to_string(b) + "ms";
  // The nearest boundaries below and above, to suggest.
  auto above = std::upper_bound(buckets.begin(), buckets.end(), *ms);
  std::string hint = "the request-duration histogram has boundaries " + list + "; ";
  if (above == buckets.end()) {
    hint += "the largest is 10000ms";
  } else if (above == buckets.begin()) {
    hint += "the smallest is 5ms";
  } else {
    hint += "use " + std::to_string(*(above - 1)) + "ms or " + std::to_string(*above) + "ms";
  }
  return ValueProblem{0, text.size(),
                      "a threshold of " + std::string(text) +
                          " is not a bucket boundary of the request-duration histogram, so the "
                          "share of requests under it cannot be measured",
                      hint};
}

std::string exact_decimal(std::int64_t n, std::int64_t scale) {
  std::string whole = std::to_string(n / scale);
  std::int64_t rest = n % scale;
  if (rest == 0) return whole;
  std::string fraction;
  for (std::int64_t s = scale / 10; s > 0 && rest > 0; s /= 10) {
    fraction += static_cast<char>('0' + rest / s);
    rest %= s;
  }
  return whole + "." + fraction;
}

}  // namespace infrac
