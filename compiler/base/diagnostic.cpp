#include "base/diagnostic.h"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <utility>

#include "base/source_files.h"

namespace infrac {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

const std::vector<DiagCodeInfo>& all_diag_codes() {
  static const std::vector<DiagCodeInfo> table = {
#define INFRAC_DIAG(id, code, severity, summary, fix) \
  {DiagCode::id, code, Severity::severity, summary, fix},
#include "base/diagnostic_codes.def"
#undef INFRAC_DIAG
  };
  return table;
}

const DiagCodeInfo* find_diag_code(std::string_view code) {
  for (const auto& i : all_diag_codes()) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

std::string diagnostic_table_markdown() {
  std::string out = "| code | severity | meaning | how to fix |\n|---|---|---|---|\n";
  for (const auto& i : all_diag_codes()) {
    out += "| `" + std::string(i.code) + "` | " + std::string(severity_name(i.severity)) + " | " +
           std::string(i.summary) + " | " + std::string(i.fix) + " |\n";
  }
  return out;
}

const DiagCodeInfo& info(DiagCode code) {
  return all_diag_codes()[static_cast<std::size_t>(code)];
}

Diagnostic& Diagnostics::add(DiagCode code, Location location, std::string message) {
  std::lock_guard lock(mutex_);
  items_.push_back(Diagnostic{code, info(code).severity, location, std::move(message), {}, {}});
  return items_.back();
}

void Diagnostics::append(std::vector<Diagnostic> more) {
  std::lock_guard lock(mutex_);
  for (auto& d : more) items_.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::take() {
  std::lock_guard lock(mutex_);
  std::vector<Diagnostic> out(std::make_move_iterator(items_.begin()),
                              std::make_move_iterator(items_.end()));
  items_.clear();
  return out;
}

bool Diagnostics::has_errors() const {
  std::lock_guard lock(mutex_);
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::size_t Diagnostics::size() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

std::vector<Diagnostic> Diagnostics::sorted(const SourceFiles& files) const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard lock(mutex_);
    out.assign(items_.begin(), items_.end());
  }
  auto key = [&files](const Diagnostic& d) {
    return std::make_tuple(files.path(d.location.file), d.location.line, d.location.column,
                           info(d.code).code, std::string_view(d.message));
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  // The same code at the same place is one problem, even when two stages word it differently
  // (an override checked alone, then merged into the spec).
  auto place = [&files](const Diagnostic& d) {
    return std::make_tuple(files.path(d.location.file), d.location.line, d.location.column,
                           info(d.code).code);
  };
  out.erase(
      std::unique(out.begin(), out.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return place(a) == place(b); }),
      out.end());
  return out;
}

}  // namespace infrac
