#include "driver/cli_host.h"

#include <cstdlib>

#include "policy/policy.h"

namespace infrac {

Host with_pinned_clock(Host host) {
  std::optional<std::string> day_text = host.env("INFRAC_NOW");
  std::optional<int> pinned = day_text ? parse_day(*day_text) : std::nullopt;
  int today = pinned ? *pinned : host.today();
  host.today = [today] { return today; };
  if (std::optional<std::string> fixed = host.env("INFRAC_NOW_UNIX")) {
    std::int64_t now = std::atoll(fixed->c_str());
    host.now_unix = [now] { return now; };
  }
  return host;
}

const Host& cli_host() {
  static const Host host = with_pinned_clock(real_host());
  return host;
}

}  // namespace infrac
