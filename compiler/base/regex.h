// infrac's one door to RE2: every pattern (spec formats, policy `matches`, cloud name rules,
// plan masks, git refs, image tags) compiles with the same options — UTF-8, case-sensitive,
// 8 MiB of program memory, nothing logged — and a pattern that does not compile is a value
// with an error message for the caller to report as a diagnostic, never a silent no-match.
// A Regex is cheap to copy (the compiled program is shared) and safe to use from many threads.
// Tested by tests/unit/value_checks_test.cpp ("regex").
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace infrac {

class Regex {
 public:
  // Compiles `pattern`; check ok() / error() before use. A default Regex matches nothing.
  explicit Regex(std::string_view pattern);
  Regex() = default;

  bool ok() const;
  const std::string& error() const { return error_; }
  const std::string& pattern() const { return pattern_; }

  bool full_match(std::string_view text) const;     // the whole text
  bool partial_match(std::string_view text) const;  // anywhere in the text
  // Replaces every match in `text` with `with` (RE2 rewrite syntax: \\1 is a group); returns
  // how many.
  int replace_all(std::string& text, std::string_view with) const;

 private:
  std::string pattern_, error_;
  std::shared_ptr<const re2::RE2> re_;
};

// A pattern of infrac's own (known at build time): aborts if it does not compile, which the
// tests of every caller catch on the first run.
Regex builtin_regex(std::string_view pattern);

}  // namespace infrac
