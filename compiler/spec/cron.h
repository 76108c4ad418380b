// Cron schedules: five fields (minute hour day-of-month month day-of-week) with lists,
// ranges, steps and month/weekday names, or an @ macro, checked field by field so the error
// names the field and points at it. Each target reads a slightly different dialect:
//  - Kubernetes CronJob parses with robfig/cron v3's standard parser: weekday 0-6 (no 7),
//    macros @yearly @annually @monthly @weekly @daily @midnight @hourly
//    (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax);
//  - Cloud Scheduler reads unix-cron: weekday 0-7 (0 and 7 are Sunday), no macros
//    (https://cloud.google.com/scheduler/docs/configuring/cron-job-schedules).
// Tested by tests/unit/value_checks_test.cpp and the invalid-spec corpus.
#pragma once

#include <optional>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

enum class CronDialect {
  Any,             // what either target accepts: the spec-level check
  Kubernetes,      // CronJob
  CloudScheduler,  // Cloud Run jobs on a schedule
};

std::optional<ValueProblem> check_cron(std::string_view schedule, CronDialect dialect);
// The longest time between two consecutive runs of a valid schedule, in minutes (wall-clock,
// so a time zone's DST shift may add an hour); nothing when the schedule does not parse or
// never runs (Feb 30). The standard alerts wait this long (and the run's deadline) for a
// success before calling a cron job late.
std::optional<std::int64_t> cron_longest_gap_minutes(std::string_view schedule);
// check_cron(s, CronDialect::Any): the Format hook.
std::optional<ValueProblem> check_cron_any(std::string_view schedule);

}  // namespace infrac
