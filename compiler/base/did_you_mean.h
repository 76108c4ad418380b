// Near-miss suggestions ("did you mean 'users'?") by edit distance.
// Tested through the diagnostics that suggest: tests/unit/diagnostic_test.cpp,
// tests/unit/hcl_test.cpp and tests/cli/policy_cli_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infrac {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the word's length (at most a third
// of it, and at least 1), or nothing. Ties go to the candidate listed first.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

// "did you mean 'x'?" or the empty string.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace infrac
