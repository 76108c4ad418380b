#include "base/regex.h"

#include <re2/re2.h>

#include <cstdlib>
#include <iostream>

namespace infrac {
namespace {

const re2::RE2::Options& options() {
  static const re2::RE2::Options o = [] {
    re2::RE2::Options x;
    x.set_log_errors(false);  // errors are returned as values, never printed by RE2
    x.set_max_mem(8 << 20);   // a policy pack's pattern cannot take the process's memory
    return x;
  }();
  return o;
}

}  // namespace

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  auto re = std::make_shared<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options());
  if (re->ok()) {
    re_ = std::move(re);
  } else {
    error_ = re->error();
  }
}

bool Regex::ok() const {
  return re_ != nullptr;
}

bool Regex::full_match(std::string_view text) const {
  return re_ && re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::partial_match(std::string_view text) const {
  return re_ && re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

int Regex::replace_all(std::string& text, std::string_view with) const {
  if (!re_) return 0;
  return re2::RE2::GlobalReplace(&text, *re_, re2::StringPiece(with.data(), with.size()));
}

Regex builtin_regex(std::string_view pattern) {
  Regex compiled(pattern);
  if (!compiled.ok()) {
    std::cerr << "infrac: internal error: built-in pattern '" << compiled.pattern()
              << "' does not compile: " << compiled.error() << "\n";
    std::abort();
  }
  return compiled;
}

}  // namespace infrac
