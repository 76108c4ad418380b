#include "spec/timezones.h"

#include <algorithm>
#include <string>

#include "base/did_you_mean.h"
#include "base/quote.h"

namespace infrac {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

// The help for a name the database lacks: the same name in other case, a near miss, or for an
// abbreviation, what to write instead.
std::string suggestion(std::string_view name) {
  const auto& zones = iana_time_zones();
  for (std::string_view z : zones) {
    if (lower(z) == lower(name)) return "did you mean '" + std::string(z) + "'?";
  }
  bool abbreviation =
      name.find('/') == std::string_view::npos &&
      std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!abbreviation) {
    if (std::string help = did_you_mean(name, zones); !help.empty()) return help;
  }
  if (name.find('/') == std::string_view::npos) {
    return "write a zone of the IANA database such as Europe/Amsterdam or America/New_York; "
           "abbreviations such as CEST name an offset, not a place with its daylight-saving rules";
  }
  return "write a zone of the IANA database (tzdata " + std::string(tzdata_version()) +
         ") such as Europe/Amsterdam";
}

}  // namespace

bool is_time_zone(std::string_view name) {
  const auto& zones = iana_time_zones();
  return std::binary_search(zones.begin(), zones.end(), name);
}

std::optional<ValueProblem> check_time_zone(std::string_view name) {
  if (is_time_zone(name)) return std::nullopt;
  return ValueProblem{0, name.size(),
                      single_quoted(name) + " is not a time zone of the IANA database",
                      suggestion(name)};
}

}  // namespace infrac
