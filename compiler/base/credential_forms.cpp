#include "base/credential_forms.h"

#include "base/regex.h"

namespace infrac {

const char* const kUrlCredentialPattern =
    "[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:[^/\\s@$][^/\\s@]*@";
const char* const kTokenPattern =
    "(^|[^A-Za-z0-9])((AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{"
    "22,}|xox[abposr]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{8,}"
    "\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)";

std::string mask_credentials(std::string text) {
  // The same forms with groups around what stays: the scheme and user, and the character
  // before a token.
  static const Regex url =
      builtin_regex("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:)[^/\\s@$][^/\\s@]*@");
  static const Regex token = builtin_regex(kTokenPattern);
  if (text.find("://") != std::string::npos) url.replace_all(text, "\\1***@");
  token.replace_all(text, "\\1***");
  return text;
}

}  // namespace infrac
