// One diagnostic type for every stage: a code from diagnostic_codes.def, a severity, the
// location that caused it, a message, notes pointing at related places, and help text.
// Stages add diagnostics to a Diagnostics sink so one run reports many problems at once.
// Tested by tests/unit/diagnostic_test.cpp.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

enum class Severity { Error, Warning, Note };
std::string_view severity_name(Severity severity);

enum class DiagCode {
#define INFRAC_DIAG(id, code, severity, summary, fix) id,
#include "base/diagnostic_codes.def"
#undef INFRAC_DIAG
};

struct DiagCodeInfo {
  DiagCode id;
  std::string_view code;  // "E0102"
  Severity severity;
  std::string_view summary;
  std::string_view fix;  // how to fix it: `infrac explain CODE` and docs/diagnostics.md
};
const DiagCodeInfo& info(DiagCode code);
const std::vector<DiagCodeInfo>& all_diag_codes();
// The row of "E0141", or null.
const DiagCodeInfo* find_diag_code(std::string_view code);
// The table of docs/diagnostics.md, one row per code.
std::string diagnostic_table_markdown();

struct DiagNote {
  Location location;
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Location location;
  std::string message;
  std::vector<DiagNote> notes;
  std::string help;
};

// Collects diagnostics from any thread. Deterministic order comes from sorted(), not from
// the order of arrival.
class Diagnostics {
 public:
  Diagnostic& add(DiagCode code, Location location, std::string message);
  void append(std::vector<Diagnostic> more);
  // Moves every diagnostic out, in arrival order.
  std::vector<Diagnostic> take();
  bool has_errors() const;
  std::size_t size() const;
  // Sorted by file path, line, column, code and message; one code at one place appears once
  // (the same problem is found once per environment).
  std::vector<Diagnostic> sorted(const class SourceFiles& files) const;

 private:
  mutable std::mutex mutex_;
  std::deque<Diagnostic> items_;  // a deque: add() hands out references other threads keep
};

}  // namespace infrac
