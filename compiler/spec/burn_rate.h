// Multi-window, multi-burn-rate alerting, as the Google SRE workbook recommends
// (https://sre.google/workbook/alerting-on-slos/, "6: Multiwindow, Multi-Burn-Rate Alerts",
// table 5-8): page when 2% of the window's error budget is spent in one hour or 5% in six
// hours; open a ticket when 10% is spent in a day or in three days. Each long window has a
// short one (1/12 of it) that must burn too, so an alert stops soon after the burning does.
// The burn factor is the budget share times the SLO window over the alert window: 14.4, 6, 3
// and 1 for 30 days; 13.44, 5.6, 2.8 and 0.9333 for 28.
// One table for every backend: the PrometheusRule (slo_rules.cpp) and Cloud Monitoring's
// burn-rate alert policies (modules/gcp/cloudrun-service).
// Tested by tests/unit/observability_test.cpp, the invalid-spec corpus and
// tests/tooling/rules.test.mjs (promtool).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace infrac {

struct BurnWindow {
  const char* long_window;   // "1h"
  const char* short_window;  // "5m"
  int long_minutes;
  int short_minutes;
  int budget_percent;    // of the whole window's budget spent within long_window
  const char* severity;  // page | ticket
};

const std::vector<BurnWindow>& burn_windows();

// budget_percent% of a window_days budget spent in long_minutes: the rate as a multiple of the
// sustainable one, in exact decimal form rounded to four places ("14.4", "0.9333").
std::string burn_factor(const BurnWindow& w, int window_days);

// The severity a window's alerts carry in an environment: a page wakes someone, so only
// production environments (stdlib/clouds/<cloud>.yaml production_environments) page; elsewhere
// the same burn opens a ticket.
std::string severity_in(const BurnWindow& w, bool production);

// Whether the window's alert can fire at an objective (thousandths of a percent, 99900 for
// 99.9%): its threshold, the burn factor times the error budget, stays below a 100% error
// rate. At 90% over 28 days the 1h page needs 134% of requests to fail: it never fires.
bool window_can_fire(const BurnWindow& w, int window_days, std::int64_t objective);

// The SLI's windows, ascending: every window an alert reads.
std::vector<std::string> sli_windows();

}  // namespace infrac
