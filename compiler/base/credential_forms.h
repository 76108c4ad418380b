// The forms of issued credentials infrac recognises in plain text: a password inside a URL,
// and access keys and tokens by their shape (AWS access key ids, GitHub and Slack tokens, PEM
// private key headers, JWTs). The security pack's default parameters `url_credential_pattern`
// and `token_pattern` (policies/security.yaml) are these same patterns, so what a finding flags
// is what every output hides; tests/unit/credential_forms_test.cpp fails when they drift.
// Masked wherever infrac prints a value it did not write itself: plan values and texts
// (plan/render.cpp) and the source lines diagnostics quote (report/diagnostic_render.cpp).
#pragma once

#include <string>

namespace infrac {

extern const char* const kUrlCredentialPattern;
extern const char* const kTokenPattern;

// `text` with each URL's password and each token replaced by ***; the rest stays readable
// (postgres://app:***@db:5432/app).
std::string mask_credentials(std::string text);

}  // namespace infrac
