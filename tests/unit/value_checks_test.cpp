// Schedules, time zones, durations and public URLs (spec/cron.h, spec/timezones.h,
// spec/duration.h, spec/public_url.h): every field bound on both sides, each target's dialect,
// the whole tzdata list, and where the problem is inside the value.
// Also the regex adapter (base/regex.h) every pattern goes through, and secret-key ownership.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "base/regex.h"
#include "resolve/resolve.h"
#include "spec/cron.h"
#include "spec/duration.h"
#include "spec/public_url.h"
#include "spec/timezones.h"

using namespace infrac;

namespace {
bool cron_ok(std::string_view s, CronDialect d = CronDialect::Any) {
  return !check_cron(s, d);
}
}  // namespace

TEST_CASE("cron: each field's bounds, lists, ranges, steps and names") {
  CHECK(cron_ok("0 3 * * *"));
  CHECK(cron_ok("59 23 31 12 6"));
  CHECK(cron_ok("*/15 9-17 1,15 JAN-mar MON-FRI"));
  CHECK(cron_ok("0 0 * * 7"));
  CHECK(cron_ok("5-55/10 */2 1-31/2 */3 0-6"));
  // One past each bound, on each side.
  struct Bad {
    const char* schedule;
    std::size_t offset;
    const char* words;
  };
  const Bad bad[] = {
      {"60 * * * *", 0, "minute 60 is out of range 0-59"},
      {"* 24 * * *", 2, "hour 24 is out of range 0-23"},
      {"* * 0 * *", 4, "day of month 0 is out of range 1-31"},
      {"* * 32 * *", 4, "day of month 32"},
      {"* * * 0 *", 6, "month 0"},
      {"* * * 13 *", 6, "month 13"},
      {"* * * * 8", 8, "day of week 8"},
      {"61 * * * *", 0, "minute 61"},
      {"0 25 * * *", 2, "hour 25"},
      {"abc def ghi jkl mno", 0, "minute 'abc'"},
      {"* * * * MON-XYZ", 12, "day of week 'XYZ'"},
      {"*/0 * * * *", 2, "step '0'"},
      {"*/61 * * * *", 2, "step '61'"},
      {"30-10 * * * *", 0, "runs backwards"},
      {"1,,2 * * * *", 2, "minute is missing a value"},
      {"0 3 * *", 0, "has 4"},
      {"0 0 3 * * *", 10, "has 6"},
      {"0 0 L * *", 4, "day of month 'L'"},
      {"@reboot", 0, "not a cron macro"},
  };
  for (const auto& b : bad) {
    INFO(b.schedule);
    auto p = check_cron(b.schedule, CronDialect::Any);
    REQUIRE(p);
    CHECK(p->offset == b.offset);
    CHECK(p->message.find(b.words) != std::string::npos);
  }
}

TEST_CASE("cron: Kubernetes and Cloud Scheduler dialects") {
  for (auto macro :
       {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
    CHECK(cron_ok(macro, CronDialect::Kubernetes));
    auto p = check_cron(macro, CronDialect::CloudScheduler);
    REQUIRE(p);
    CHECK(p->help.starts_with("write the five fields"));
  }
  auto seven = check_cron("0 0 * * 7", CronDialect::Kubernetes);
  REQUIRE(seven);
  CHECK(seven->offset == 8);
  CHECK(seven->help.find("Sunday as 0") != std::string::npos);
  CHECK(cron_ok("0 0 * * 7", CronDialect::CloudScheduler));
  CHECK(cron_ok("0 0 * * 0-6", CronDialect::Kubernetes));
}

TEST_CASE("time zones: every name of tzdata, nothing else, with suggestions") {
  REQUIRE(iana_time_zones().size() > 500);
  CHECK(std::is_sorted(iana_time_zones().begin(), iana_time_zones().end()));
  for (auto zone : iana_time_zones()) CHECK(!check_time_zone(zone));
  CHECK(is_time_zone("Europe/Amsterdam"));
  CHECK(is_time_zone("Etc/UTC"));
  CHECK(is_time_zone("UTC"));  // a link
  CHECK(!is_time_zone("Factory"));
  auto typo = check_time_zone("Europe/Amsterdm");
  REQUIRE(typo);
  CHECK(typo->help == "did you mean 'Europe/Amsterdam'?");
  auto cased = check_time_zone("europe/paris");
  REQUIRE(cased);
  CHECK(cased->help == "did you mean 'Europe/Paris'?");
  auto abbreviation = check_time_zone("CEST");
  REQUIRE(abbreviation);
  CHECK(abbreviation->help.find("abbreviations") != std::string::npos);
}

TEST_CASE("durations: one grammar, positive, bounded") {
  CHECK(duration_seconds("1h30m") == 5400);
  CHECK(duration_seconds("45s") == 45);
  CHECK(duration_seconds("2h0m5s") == 7205);
  CHECK(!duration_seconds("1 h"));
  CHECK(!duration_seconds("10"));
  CHECK(!duration_seconds("1h1h"));
  CHECK(!duration_seconds("30s1m"));
  CHECK(!duration_seconds(""));
  CHECK(!check_timeout("720h"));
  CHECK(!check_timeout("1s"));
  auto zero = check_timeout("0s");
  REQUIRE(zero);
  CHECK(zero->message.find("no deadline") != std::string::npos);
  CHECK(check_timeout("721h"));
  CHECK(check_timeout("99999999999h"));
  auto repeated = check_timeout("1h1h");
  REQUIRE(repeated);
  CHECK(repeated->offset == 3);
}

TEST_CASE("public URLs: scheme, host and path only; the path normalised") {
  auto parts = split_public_url("https://api.acme.example//orders/v1/");
  REQUIRE(parts);
  CHECK(parts->host == "api.acme.example");
  CHECK(parts->path == "/orders/v1");
  CHECK(parts->has_path);
  auto bare = split_public_url("https://acme.example");
  REQUIRE(bare);
  CHECK(bare->path == "/");
  CHECK(!bare->has_path);
  struct Bad {
    const char* url;
    std::size_t offset;
    const char* words;
  };
  const Bad bad[] = {
      {"https://api.shop.example:8443/orders", 24, "port"},
      {"https://api.shop.example/orders?x=1#frag", 31, "query"},
      {"https://api.shop.example/orders#frag", 31, "fragment"},
      {"https://user:pw@api.shop.example/", 8, "user information"},
      {"ftp://api.shop.example/", 0, "scheme 'ftp'"},
      {"https://API.shop.example/", 8, "has 'A'"},
      {"https://api..example/", 12, "invalid DNS label"},
      {"https://api.example/a/../b", 22, "'..' segment"},
      {"https://api.example/a b", 21, "has ' '"},
      {"https://api.example/%zz", 20, "has '%'"},
      {"not a url", 0, "not an absolute URL"},
  };
  for (const auto& b : bad) {
    INFO(b.url);
    auto p = check_public_url(b.url);
    REQUIRE(p);
    CHECK(p->offset == b.offset);
    CHECK(p->message.find(b.words) != std::string::npos);
    CHECK(!split_public_url(b.url));
  }
}

TEST_CASE("regex: one option set, errors as values, a default matches nothing", "[regex]") {
  Regex digits("[0-9]+");
  REQUIRE(digits.ok());
  CHECK(digits.full_match("123"));
  CHECK_FALSE(digits.full_match("12a"));
  CHECK(digits.partial_match("v12a"));
  std::string text = "token 123 and 45";
  CHECK(digits.replace_all(text, "***") == 2);
  CHECK(text == "token *** and ***");
  // UTF-8: one code point is one character.
  CHECK(Regex("^.$").full_match("é"));

  Regex broken("(unclosed");
  CHECK_FALSE(broken.ok());
  CHECK(broken.error().find("missing )") != std::string::npos);
  CHECK_FALSE(broken.partial_match("(unclosed"));
  std::string kept = "(unclosed";
  CHECK(broken.replace_all(kept, "x") == 0);
  // A pattern whose program exceeds the memory budget is refused, not run.
  CHECK_FALSE(Regex("((a{100}){100}){100}").ok());
  CHECK_FALSE(Regex().ok());
  CHECK_FALSE(Regex().full_match(""));
}

// The definition, by brute force: the longest service name the key starts with, followed by
// '/' or '-'.
static std::string_view owner_by_definition(std::string_view key,
                                            const std::vector<std::string_view>& services) {
  std::string_view owner;
  for (std::string_view s : services) {
    if (s.size() <= owner.size() || key.size() <= s.size() || !key.starts_with(s)) continue;
    if (key[s.size()] == '/' || key[s.size()] == '-') owner = s;
  }
  return owner;
}

TEST_CASE("secret key owner: lookups by prefix agree with the definition", "[secrets]") {
  // Names built from few letters and separators, so prefixes collide often.
  std::mt19937 random(20261201);
  auto word = [&](int max) {
    static const char alphabet[] = "ab-/";
    std::string w;
    int n = 1 + static_cast<int>(random() % static_cast<unsigned>(max));
    for (int i = 0; i < n; ++i) w += alphabet[random() % (i == 0 ? 2 : 4)];
    return w;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> names;
    for (int i = 0; i < 12; ++i) {
      std::string n = word(5);
      if (n.find('/') == std::string::npos) names.push_back(n);  // service names have no '/'
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::vector<std::string_view> views(names.begin(), names.end());
    for (int k = 0; k < 50; ++k) {
      std::string key = word(9);
      INFO(key);
      CHECK(secret_key_owner(key, views) == owner_by_definition(key, views));
    }
  }
  std::vector<std::string_view> services = {"users", "users-admin"};
  CHECK(secret_key_owner("users-admin-token", services) == "users-admin");
  CHECK(secret_key_owner("users/db", services) == "users");
  CHECK(secret_key_owner("usersx/db", services).empty());
  CHECK(secret_key_owner("users", services).empty());
}

TEST_CASE("secret key owner: the environment's own prefix holds connection secrets", "[secrets]") {
  auto is_service = [](std::string_view s) { return s == "payments" || s == "acme"; };
  // AWS connection secrets <project>/<env>/<service>/<datastore>, GCP <project>-<env>-...
  CHECK(secret_key_owner_in("acme/prod/payments/db", "acme", "prod", is_service) == "payments");
  CHECK(secret_key_owner_in("acme-prod-payments-db", "acme", "prod", is_service) == "payments");
  // Another environment's prefix is not this environment's: the key is judged as written.
  CHECK(secret_key_owner_in("acme/dev/payments/db", "acme", "prod", is_service) == "acme");
  // Nothing under the prefix: judged as written too.
  CHECK(secret_key_owner_in("acme/prod/nobody/db", "acme", "prod", is_service) == "acme");
  CHECK(secret_key_owner_in("payments/stripe", "acme", "prod", is_service) == "payments");
}
