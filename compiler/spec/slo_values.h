// SLO values: an objective in percent (50 to 99.999, at most three decimals) and a latency
// threshold that is a bucket boundary of the request-duration histogram the SLI reads.
// Objectives are kept as integer thousandths of a percent (99.9 -> 99900) so every ratio
// infrac prints from them is exact and the same on every machine.
// The histogram boundaries are OpenTelemetry's: the advisory buckets of
// http.server.request.duration
// (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/#metric-httpserverrequestduration)
// and the SDK's default explicit buckets that rpc.server.duration (milliseconds) uses
// (https://opentelemetry.io/docs/specs/otel/metrics/sdk/#explicit-bucket-histogram-aggregation).
// A threshold between two boundaries cannot be measured from the histogram, so it is refused.
// Tested by tests/unit/value_checks_test.cpp and the invalid-spec corpus.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/schema.h"

namespace infrac {

// 100000 thousandths of a percent: a whole ratio.
inline constexpr std::int64_t kObjectiveScale = 100000;

// "99.9" -> 99900; nothing when the text is not a percentage with at most three decimals.
std::optional<std::int64_t> objective_thousandths(std::string_view text);
std::optional<ValueProblem> check_objective(std::string_view text);

// "250ms" / "0.25s" / "1s" -> 250; nothing when the text is not a duration in ms or s.
std::optional<std::int64_t> latency_milliseconds(std::string_view text);
std::optional<ValueProblem> check_latency_threshold(std::string_view text);
// The boundaries (milliseconds) both histograms share; rpc adds 0.
const std::vector<std::int64_t>& latency_buckets_ms();

// A fraction `n / scale` in shortest exact decimal form: (99900, 100000) -> "0.999".
std::string exact_decimal(std::int64_t n, std::int64_t scale);

}  // namespace infrac
