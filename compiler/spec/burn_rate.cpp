#include "spec/burn_rate.h"

#include <algorithm>

#include "spec/slo_values.h"

namespace infrac {

const std::vector<BurnWindow>& burn_windows() {
  static const std::vector<BurnWindow> windows = {
      {"1h", "5m", 60, 5, 2, "page"},
      {"6h", "30m", 360, 30, 5, "page"},
      {"1d", "2h", 1440, 120, 10, "ticket"},
      {"3d", "6h", 4320, 360, 10, "ticket"},
  };
  return windows;
}

std::string severity_in(const BurnWindow& w, bool production) {
  std::string severity = w.severity;
  return production ? severity : "ticket";
}

std::string burn_factor(const BurnWindow& w, int window_days) {
  // percent/100 * days*1440 / long_minutes, in ten-thousandths, rounded half up.
  std::int64_t numerator = std::int64_t{w.budget_percent} * window_days * 1440 * 10000;
  std::int64_t denominator = std::int64_t{100} * w.long_minutes;
  return exact_decimal((numerator + denominator / 2) / denominator, 10000);
}

bool window_can_fire(const BurnWindow& w, int window_days, std::int64_t objective) {
  // factor * budget < 1, with factor = percent/100 * days*1440/long and budget =
  // (100000 - objective)/100000: both sides multiplied out to stay in integers.
  std::int64_t lhs =
      std::int64_t{w.budget_percent} * window_days * 1440 * (kObjectiveScale - objective);
  std::int64_t rhs = std::int64_t{100} * w.long_minutes * kObjectiveScale;
  return lhs < rhs;
}

std::vector<std::string> sli_windows() {
  std::vector<std::pair<int, std::string>> all;
  for (const auto& w : burn_windows()) {
    all.emplace_back(w.long_minutes, w.long_window);
    all.emplace_back(w.short_minutes, w.short_window);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<std::string> out;
  for (auto& [_, name] : all) out.push_back(std::move(name));
  return out;
}

}  // namespace infrac
