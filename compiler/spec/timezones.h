// IANA time zone names, as Debian's tzdata lists them (zones and links), generated at build
// time by cmake/timezones.cmake. Kubernetes (CronJob .spec.timeZone) and Cloud Scheduler
// (time_zone) both take names of this database; abbreviations such as CEST are not names.
// Tested by tests/unit/value_checks_test.cpp and the invalid-spec corpus.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "spec/schema.h"

namespace infrac {

// Sorted; generated.
const std::vector<std::string_view>& iana_time_zones();
// "2025b"
std::string_view tzdata_version();

bool is_time_zone(std::string_view name);
// The Format hook: a name the database lists, or a problem with a did-you-mean.
std::optional<ValueProblem> check_time_zone(std::string_view name);

}  // namespace infrac
