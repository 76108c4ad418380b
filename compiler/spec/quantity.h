// CPU and memory as Kubernetes quantities
// (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/), with
// plausible ranges. Kubernetes reads `cpu: "250"` as 250 cores and `memory: "256"` as 256
// bytes; both are valid quantities and both are mistakes, so a value is checked for what it
// means, not only for its shape. spec-v1 accepts the subset every target reads: CPU as whole
// millicores (250m) or cores with at most three decimals (1.5), memory as a whole number with
// an optional unit (Ki Mi Gi Ti, k M G T).
// Tested by tests/unit/quantity_test.cpp and tests/corpus/invalid/20*.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "spec/schema.h"

namespace infrac {

// The smallest CPU Kubernetes can express (1m: "precision finer than 1m is not allowed",
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu)
// and the most one container plausibly asks for: 64 cores. More is a unit slip (250 for 250m);
// a platform that caps lower says so in the limits policy pack.
inline constexpr std::int64_t kMinCpuMillicores = 1;
inline constexpr std::int64_t kMaxCpuMillicores = 64'000;
// Docker and containerd refuse a memory limit under 6 MB
// (https://docs.docker.com/engine/containers/resource_constraints/#limit-a-containers-access-to-memory);
// 1 TiB is more than one container plausibly holds (256Ti is a unit slip).
inline constexpr std::int64_t kMinMemoryBytes = 6LL << 20;
inline constexpr std::int64_t kMaxMemoryBytes = 1LL << 40;

// Millicores, or nothing when the text is not a spec-v1 CPU quantity (no range applied).
std::optional<std::int64_t> cpu_millicores(std::string_view text);
// Bytes, or nothing when the text is not a spec-v1 memory quantity (no range applied).
std::optional<std::int64_t> memory_bytes(std::string_view text);

// Grammar, then range; a bare number that reads as a unit slip says which unit was meant.
std::optional<ValueProblem> check_cpu(std::string_view text);
std::optional<ValueProblem> check_memory(std::string_view text);

// The help for a quantity YAML read as a number (`cpu: 250`): quoting it as it is would keep
// the slip, so the help quotes what was most likely meant.
std::string quantity_number_help(std::string_view key, std::string_view number, bool memory);

}  // namespace infrac
