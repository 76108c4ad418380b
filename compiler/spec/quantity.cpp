#include "spec/quantity.h"

#include <cctype>

#include "base/quote.h"

namespace infrac {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t factor;
};
// Binary and decimal byte multipliers, as Kubernetes reads them (the quantity page above).
constexpr Unit kMemoryUnits[] = {{"Ki", 1LL << 10},
                                 {"Mi", 1LL << 20},
                                 {"Gi", 1LL << 30},
                                 {"Ti", 1LL << 40},
                                 {"k", 1000},
                                 {"M", 1000 * 1000},
                                 {"G", 1000 * 1000 * 1000},
                                 {"T", 1000LL * 1000 * 1000 * 1000}};

std::size_t digits_end(std::string_view text, std::size_t from = 0) {
  while (from < text.size() && std::isdigit(static_cast<unsigned char>(text[from]))) ++from;
  return from;
}

// A whole number of at most 13 digits (more is over any range here), or nothing.
std::optional<std::int64_t> whole(std::string_view digits) {
  if (digits.empty() || digits.size() > 13) return std::nullopt;
  std::int64_t n = 0;
  for (char ch : digits) n = n * 10 + (ch - '0');
  return n;
}

std::string cores_text(std::int64_t millicores) {
  std::string out = std::to_string(millicores / 1000);
  if (std::int64_t rest = millicores % 1000) {
    std::string frac = std::to_string(1000 + rest).substr(1);
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

ValueProblem whole_value(std::string_view text, std::string message, std::string help) {
  return ValueProblem{0, text.size(), std::move(message), std::move(help)};
}

const std::string kCpuHelp =
    "write cores with at most three decimals (1.5) or millicores (250m: a quarter of a core)";
const std::string kMemoryHelp =
    "write a whole number with a unit: 256Mi or 1Gi (binary), 500M (decimal); a bare number is "
    "bytes";

// What an unknown memory unit most likely meant, as the binary unit (256MB, 256mi -> 256Mi).
std::string_view binary_unit_for(std::string_view suffix) {
  std::string lower;
  for (char ch : suffix) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower.size() > 1 && lower.back() == 'b') lower.pop_back();
  if (lower.size() > 1 && lower.back() == 'i') lower.pop_back();
  if (lower == "k") return "Ki";
  if (lower == "m") return "Mi";
  if (lower == "g") return "Gi";
  if (lower == "t") return "Ti";
  return "";
}

std::optional<ValueProblem> memory_grammar(std::string_view text) {
  std::size_t end = digits_end(text);
  if (end == 0) {
    return whole_value(text, single_quoted(text) + " is not a memory quantity", kMemoryHelp);
  }
  std::string number(text.substr(0, end));
  std::string_view suffix = text.substr(end);
  if (suffix == "m") {
    return whole_value(text,
                       single_quoted(text) + " is " + number +
                           " thousandths of a byte (m is milli); did you mean " + number + "Mi?",
                       kMemoryHelp);
  }
  if (!suffix.empty() && suffix[0] == '.') {
    return whole_value(text, single_quoted(text) + " is not a whole number",
                       "write it in a smaller unit: 1.5Gi is 1536Mi");
  }
  std::string_view meant = binary_unit_for(suffix);
  return whole_value(
      text,
      single_quoted(text) + " is not a memory quantity" +
          (meant.empty() ? "" : "; did you mean " + number + std::string(meant) + "?"),
      kMemoryHelp);
}

}  // namespace

std::optional<std::int64_t> cpu_millicores(std::string_view text) {
  std::size_t end = digits_end(text);
  std::optional<std::int64_t> n = whole(text.substr(0, end));
  if (!n) return std::nullopt;
  if (end == text.size()) return *n * 1000;
  if (text.substr(end) == "m") return n;
  if (text[end] != '.') return std::nullopt;
  std::size_t frac_end = digits_end(text, end + 1);
  std::size_t places = frac_end - end - 1;
  if (frac_end != text.size() || places == 0 || places > 3) return std::nullopt;
  std::int64_t frac = *whole(text.substr(end + 1));
  for (std::size_t i = places; i < 3; ++i) frac *= 10;
  return *n * 1000 + frac;
}

std::optional<std::int64_t> memory_bytes(std::string_view text) {
  std::size_t end = digits_end(text);
  std::optional<std::int64_t> n = whole(text.substr(0, end));
  if (!n) return std::nullopt;
  std::string_view suffix = text.substr(end);
  if (suffix.empty()) return n;
  for (const Unit& u : kMemoryUnits) {
    if (suffix != u.suffix) continue;
    // Far over the range: saturate instead of overflowing.
    if (*n > kMaxMemoryBytes / u.factor + 1) return kMaxMemoryBytes + 1;
    return *n * u.factor;
  }
  return std::nullopt;
}

std::optional<ValueProblem> check_cpu(std::string_view text) {
  std::optional<std::int64_t> m = cpu_millicores(text);
  std::size_t end = digits_end(text);
  std::string number(text.substr(0, end));
  if (!m) {
    std::string_view suffix = text.substr(end);
    // Mi, Gi, MB: a memory unit (a lone k M G T is decimal, and a CPU count in thousands).
    if (end > 0 && suffix.size() > 1 && !binary_unit_for(suffix).empty()) {
      return whole_value(text,
                         single_quoted(text) +
                             " is a memory unit; CPU is counted in cores; did "
                             "you mean " +
                             number + "m?",
                         kCpuHelp);
    }
    return whole_value(text, single_quoted(text) + " is not a CPU quantity", kCpuHelp);
  }
  if (*m < kMinCpuMillicores) {
    return whole_value(text, single_quoted(text) + " is no CPU at all",
                       "the smallest request is 1m; most services need 100m or more");
  }
  if (*m <= kMaxCpuMillicores) return std::nullopt;
  bool bare = end == text.size();
  std::string message = single_quoted(text) + " is " + cores_text(*m) +
                        " cores, more than the 64 one container may ask for";
  if (bare && *m / 1000 <= kMaxCpuMillicores) message += "; did you mean " + number + "m?";
  return whole_value(text, std::move(message), kCpuHelp);
}

std::optional<ValueProblem> check_memory(std::string_view text) {
  std::optional<std::int64_t> bytes = memory_bytes(text);
  if (!bytes) return memory_grammar(text);
  std::size_t end = digits_end(text);
  std::string number(text.substr(0, end));
  if (*bytes < kMinMemoryBytes) {
    bool bare = end == text.size();
    std::string what = bare ? single_quoted(text) + " is " + number + " bytes"
                            : single_quoted(text) + " is below the 6Mi a container needs";
    if (bare && *whole(number) > 0 && *whole(number) <= (kMaxMemoryBytes >> 20))
      what += "; did you mean " + number + "Mi?";
    return whole_value(text, std::move(what), kMemoryHelp);
  }
  if (*bytes <= kMaxMemoryBytes) return std::nullopt;
  std::string message = single_quoted(text) + " is more than the 1Ti one container may hold";
  std::string_view suffix = text.substr(end);
  if ((suffix == "Ti" || suffix == "T") && *whole(number) <= (kMaxMemoryBytes >> 30))
    message += "; did you mean " + number + "Gi?";
  return whole_value(text, std::move(message), kMemoryHelp);
}

std::string quantity_number_help(std::string_view key, std::string_view number, bool memory) {
  std::string quoted = std::string(number);
  if (memory) {
    quoted += "Mi";
  } else if (std::optional<std::int64_t> m = cpu_millicores(number);
             m && *m > kMaxCpuMillicores && *m / 1000 <= kMaxCpuMillicores) {
    quoted += "m";
  }
  std::string help = "quote it: " + std::string(key) + ": \"" + quoted + "\"";
  if (memory) return help + " (a bare number of memory is bytes)";
  if (quoted.back() == 'm')
    return help + " (" + std::string(number) + " alone is " + std::string(number) + " cores)";
  return help;
}

}  // namespace infrac
