// Observability's arithmetic and value checks (spec/burn_rate.h, spec/slo_values.h,
// lower/request_metrics.h, lower/dashboard.h, spec/cron.h's longest gap): the burn factors of
// the SRE workbook's table for both windows, exact objective ratios, histogram thresholds,
// bucket matchers, dashboard UIDs at Grafana's limit, and the longest gap of a schedule
// against a minute-by-minute simulation of random schedules.
// The rules themselves are judged by promtool in tests/tooling/rules.test.mjs.
#include <catch2/catch.hpp>

#include <random>

#include "lower/dashboard.h"
#include "lower/request_metrics.h"
#include "spec/burn_rate.h"
#include "spec/cron.h"
#include "spec/slo_values.h"

using namespace infrac;

TEST_CASE("burn factors: the workbook's 14.4, 6, 3, 1 for 30 days, scaled for 28") {
  std::vector<std::string> thirty, twenty_eight;
  for (const auto& w : burn_windows()) {
    thirty.push_back(burn_factor(w, 30));
    twenty_eight.push_back(burn_factor(w, 28));
  }
  CHECK(thirty == std::vector<std::string>{"14.4", "6", "3", "1"});
  CHECK(twenty_eight == std::vector<std::string>{"13.44", "5.6", "2.8", "0.9333"});
  CHECK(sli_windows() == std::vector<std::string>{"5m", "30m", "1h", "2h", "6h", "1d", "3d"});
  for (const auto& w : burn_windows()) CHECK(w.long_minutes == 12 * w.short_minutes);
}

TEST_CASE("objectives: thousandths of a percent, exact ratios, 50 to 99.999") {
  CHECK(objective_thousandths("99.9") == 99900);
  CHECK(objective_thousandths("99") == 99000);
  CHECK(objective_thousandths("99.95") == 99950);
  CHECK(!objective_thousandths("99.9999"));
  CHECK(!objective_thousandths("9x"));
  CHECK(!objective_thousandths("."));
  CHECK(exact_decimal(99900, kObjectiveScale) == "0.999");
  CHECK(exact_decimal(kObjectiveScale - 99950, kObjectiveScale) == "0.0005");
  CHECK(exact_decimal(kObjectiveScale - 99000, kObjectiveScale) == "0.01");
  CHECK(exact_decimal(250, 1000) == "0.25");
  CHECK(exact_decimal(2000, 1000) == "2");
  CHECK(!check_objective("99.999"));
  CHECK(!check_objective("50"));
  CHECK(check_objective("100"));
  CHECK(check_objective("49.9"));
  CHECK(check_objective("abc"));
}

TEST_CASE("latency thresholds: exactly the histogram's boundaries, with the nearest suggested") {
  CHECK(latency_milliseconds("250ms") == 250);
  CHECK(latency_milliseconds("0.25s") == 250);
  CHECK(latency_milliseconds("1s") == 1000);
  CHECK(!latency_milliseconds("1m"));
  CHECK(!check_latency_threshold("250ms"));
  CHECK(!check_latency_threshold("2.5s"));
  CHECK(!check_latency_threshold("10s"));
  auto p = check_latency_threshold("300ms");
  REQUIRE(p);
  CHECK(p->help.find("use 250ms or 500ms") != std::string::npos);
  CHECK(check_latency_threshold("11s")->help.find("largest") != std::string::npos);
  CHECK(check_latency_threshold("1ms")->help.find("smallest") != std::string::npos);
}

TEST_CASE("bucket matchers: seconds or milliseconds, whole numbers in both spellings") {
  CHECK(le_matcher(250, true) == "le=\"0.25\"");
  CHECK(le_matcher(1000, true) == "le=~\"1|1\\\\.0\"");
  CHECK(le_matcher(250, false) == "le=~\"250|250\\\\.0\"");
  CHECK(request_metrics(ComponentType::Grpc).server_error.find("14") != std::string::npos);
  CHECK(request_metrics(ComponentType::Http).count == "http_server_request_duration_seconds_count");
}

TEST_CASE("dashboard UIDs: derived, unique per target, at most 40 characters") {
  Model model;
  model.project.name = "acme";
  Target t;
  t.env = "prod";
  t.service = "rides";
  CHECK(dashboard_uid(model, t) == "acme-prod-rides");
  t.service = std::string(50, 'a');
  std::string long_uid = dashboard_uid(model, t);
  CHECK(long_uid.size() == 40);
  t.service = std::string(49, 'a') + "b";
  CHECK(dashboard_uid(model, t) != long_uid);
  CHECK(dashboard_uid(model, t).size() == 40);
}

namespace {

// The schedule's runs minute by minute from 2024-01-01 for eight years: the oracle.
std::int64_t simulated_gap(const std::vector<std::vector<int>>& fields, bool dom_star,
                           bool dow_star) {
  auto has = [](const std::vector<int>& f, int v) {
    return std::find(f.begin(), f.end(), v) != f.end();
  };
  std::int64_t last = -1, longest = 0;
  static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::int64_t minute = 0;
  int weekday = 1;  // 2024-01-01 was a Monday
  for (int year = 2024; year < 2032; ++year) {
    bool leap = year % 4 == 0;
    for (int month = 1; month <= 12; ++month) {
      int days = days_in[month - 1] + (month == 2 && leap ? 1 : 0);
      for (int day = 1; day <= days; ++day, weekday = (weekday + 1) % 7) {
        bool dom = has(fields[2], day), dow = has(fields[4], weekday);
        bool day_ok = (dom_star || dow_star) ? dom && dow : dom || dow;
        for (int m = 0; m < 1440; ++m, ++minute) {
          if (!day_ok || !has(fields[3], month) || !has(fields[1], m / 60) ||
              !has(fields[0], m % 60))
            continue;
          if (last >= 0) longest = std::max(longest, minute - last);
          last = minute;
        }
      }
    }
  }
  return longest;
}

}  // namespace

TEST_CASE("cron longest gap: known schedules") {
  CHECK(cron_longest_gap_minutes("0 2 * * *") == 1440);
  CHECK(cron_longest_gap_minutes("*/15 * * * *") == 15);
  CHECK(cron_longest_gap_minutes("* * * * *") == 1);
  CHECK(cron_longest_gap_minutes("@hourly") == 60);
  CHECK(cron_longest_gap_minutes("0 9 * * 1-5") == 3 * 1440);  // Friday to Monday
  CHECK(cron_longest_gap_minutes("0 0 1 * *") == 31 * 1440);
  CHECK(cron_longest_gap_minutes("0 0 29 2 *") == 1461 * 1440);  // leap day to leap day
  CHECK(cron_longest_gap_minutes("0 8,20 * * *") == 720);
  CHECK(!cron_longest_gap_minutes("0 0 30 2 *"));  // never runs
  CHECK(!cron_longest_gap_minutes("not a schedule"));
}

TEST_CASE("cron longest gap: random schedules against a minute-by-minute simulation") {
  std::mt19937 rng(17);
  auto pick = [&](int lo, int hi, int max_values) {
    std::vector<int> out;
    int n = std::uniform_int_distribution<int>(1, max_values)(rng);
    for (int i = 0; i < n; ++i) out.push_back(std::uniform_int_distribution<int>(lo, hi)(rng));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  auto text = [](const std::vector<int>& values) {
    std::string s;
    for (int v : values) s += (s.empty() ? "" : ",") + std::to_string(v);
    return s;
  };
  for (int round = 0; round < 12; ++round) {
    bool dom_star = round % 3 != 0, dow_star = round % 2 == 0;
    std::vector<std::vector<int>> fields = {pick(0, 59, 3), pick(0, 23, 3),
                                            dom_star ? std::vector<int>{} : pick(1, 31, 3),
                                            round % 4 == 0 ? pick(1, 12, 4) : std::vector<int>{},
                                            dow_star ? std::vector<int>{} : pick(0, 6, 2)};
    std::string schedule =
        text(fields[0]) + " " + text(fields[1]) + " " + (dom_star ? "*" : text(fields[2])) + " " +
        (fields[3].empty() ? "*" : text(fields[3])) + " " + (dow_star ? "*" : text(fields[4]));
    if (dom_star)
      fields[2] = [] {
        std::vector<int> v;
        for (int i = 1; i <= 31; ++i) v.push_back(i);
        return v;
      }();
    if (fields[3].empty()) fields[3] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    if (dow_star) fields[4] = {0, 1, 2, 3, 4, 5, 6};
    INFO(schedule);
    std::int64_t oracle = simulated_gap(fields, dom_star, dow_star);
    CHECK(cron_longest_gap_minutes(schedule).value_or(-1) == oracle);
  }
}

TEST_CASE("the fastest burn-rate window fires only above 92.56% over 28 days, 93.06% over 30",
          "[observability]") {
  const BurnWindow& fastest = burn_windows().front();
  CHECK(window_can_fire(fastest, 28, 92560));
  CHECK_FALSE(window_can_fire(fastest, 28, 92550));
  CHECK(window_can_fire(fastest, 30, 93060));
  CHECK_FALSE(window_can_fire(fastest, 30, 93050));
  CHECK(window_can_fire(fastest, 28, 99900));
}
