// base/credential_forms.h: credentials are hidden by their form, and the security pack flags
// exactly the forms the outputs hide.
#include <catch2/catch.hpp>

#include "base/credential_forms.h"
#include "support.h"

using namespace infrac;

namespace {

// A pattern as policies/security.yaml writes it in a double-quoted YAML string.
std::string yaml_quoted(std::string pattern) {
  std::string out;
  for (char c : pattern) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return "\"" + out + "\"";
}

}  // namespace

TEST_CASE("credential forms: the security pack's defaults are the patterns outputs mask",
          "[credentials]") {
  std::string pack = test::read_file(test::source_dir() / "policies/security.yaml");
  CHECK(pack.find("url_credential_pattern: " + yaml_quoted(kUrlCredentialPattern)) !=
        std::string::npos);
  CHECK(pack.find("token_pattern: " + yaml_quoted(kTokenPattern)) != std::string::npos);
}

TEST_CASE("credential forms: passwords in URLs and tokens become ***", "[credentials]") {
  CHECK(mask_credentials("DATABASE_URL: postgres://app:hunter2@db:5432/app") ==
        "DATABASE_URL: postgres://app:***@db:5432/app");
  CHECK(mask_credentials("key AKIAABCDEFGHIJKLMNOP here") == "key *** here");
  CHECK(mask_credentials("ghp_" + std::string(36, 'a')) == "***");
  // What is not a credential stays as it is.
  CHECK(mask_credentials("https://api.stripe.com/v1") == "https://api.stripe.com/v1");
  CHECK(mask_credentials("postgres://db:5432/app") == "postgres://db:5432/app");
  CHECK(mask_credentials("redis://:${REDIS_TOKEN}@cache:6379") ==
        "redis://:${REDIS_TOKEN}@cache:6379");
}
