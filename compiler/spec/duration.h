// Durations: one grammar, `[Nh][Nm][Ns]` (each unit at most once, in that order, e.g. 90s,
// 15m, 1h30m), positive and bounded. The one duration of spec-v1 is a cron or job component's
// `timeout`, the Kubernetes Job's activeDeadlineSeconds
// (https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup)
// or the Cloud Run job task timeout, at most 24h there
// (https://cloud.google.com/run/docs/configuring/task-timeout), checked in resolve/.
// Tested by tests/unit/value_checks_test.cpp and the invalid-spec corpus.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

// The longest job timeout spec-v1 accepts (30 days): longer is a service, not a batch.
inline constexpr std::int64_t kMaxTimeoutSeconds = 30 * 24 * 3600;

// Seconds, or nothing when the text breaks the grammar (no bounds applied).
std::optional<std::int64_t> duration_seconds(std::string_view text);
// Grammar, then 1s .. kMaxTimeoutSeconds.
std::optional<ValueProblem> check_timeout(std::string_view text);

}  // namespace infrac
