// The plan's risks on examples/acme, edited the way a reviewer would try them: every claim
// true and none missing. Removing payments' Redis cache closes 6379 and only 6379 (5432 stays
// open for the database), takes away the cache's secret and no other, and runs the backfill
// Job again; removing STRIPE_KEY takes away payments/stripe, never payments/webhooks. The
// sentences are reviewed goldens (tests/golden/plan-risks/); the claims are checked here.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <sstream>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

struct AcmeRepo {
  TempDir dir;
  fs::path root = dir.path / "acme";
  AcmeRepo() {
    fs::copy(source_dir() / "examples/acme", root, fs::copy_options::recursive);
    fs::remove_all(root / "out");
    git("init -q");
    git("add -A");
    git("-c user.name=t -c user.email=t@example.com commit -qm base");
  }
  void git(const std::string& args) {
    std::string cmd = "git -C '" + root.string() + "' " + args + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  void drop_line(const std::string& text) {
    fs::path file = root / "services/payments/service.yaml";
    std::string spec = read_file(file);
    std::size_t at = spec.find(text);
    REQUIRE(at != std::string::npos);
    std::size_t start = spec.rfind('\n', at) + 1, end = spec.find('\n', at) + 1;
    spec.erase(start, end - start);
    write_file(file, spec);
  }
  CommandResult plan(const std::string& format) {
    return run_infrac("plan --base HEAD --env dev --service payments --no-color --format " +
                      format + " --root " + root.string());
  }
};

// The risk lines of the text plan, which the golden holds.
std::string risk_lines(const std::string& text) {
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (line.starts_with("  danger: ") || line.starts_with("  warning: ")) out += line + "\n";
  }
  return out;
}

std::set<std::string> claims(const std::string& plan_json, const std::string& kind) {
  json plan = json::parse(plan_json);
  std::set<std::string> out;
  for (const auto& t : plan["targets"]) {
    for (const auto& r : t["risks"]) {
      if (!r.contains("claims")) continue;
      for (const auto& c : r["claims"]) {
        if (c["kind"] == kind)
          out.insert(c["subject"].get<std::string>() + " " + c["object"].get<std::string>() + " " +
                     c["change"].get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("plan risks: removing payments' Redis cache", "[cli][plan-risks]") {
  AcmeRepo acme;
  acme.drop_line("cache: {type: redis");
  CommandResult text = acme.plan("text");
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(matches_golden(source_dir() / "tests/golden/plan-risks/drop-cache.txt",
                       risk_lines(text.out)));
  std::string json_out = acme.plan("json").out;
  CHECK(claims(json_out, "access") ==
        std::set<std::string>{"module.workload_identity "
                              "secret_arns[module.cache.secret_arn] lost"});
  std::set<std::string> egress;
  for (const auto& c : claims(json_out, "egress")) {
    // Only 6379 closes, to the three private ranges; 5432 (the database) stays open.
    CHECK(c.find(" 6379/TCP lost") != std::string::npos);
    egress.insert(c.substr(c.find(' ') + 1));
  }
  CHECK(egress == std::set<std::string>{"ip:10.0.0.0-10.255.255.255 6379/TCP lost",
                                        "ip:172.16.0.0-172.31.255.255 6379/TCP lost",
                                        "ip:192.168.0.0-192.168.255.255 6379/TCP lost"});
  std::set<std::string> runs = claims(json_out, "run");
  REQUIRE(runs.size() == 1);
  CHECK(runs.begin()->starts_with("payments-backfill-"));
}

TEST_CASE("plan risks: removing the STRIPE_KEY secret", "[cli][plan-risks]") {
  AcmeRepo acme;
  acme.drop_line("STRIPE_KEY: {key: payments/stripe}");
  CommandResult text = acme.plan("text");
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(matches_golden(source_dir() / "tests/golden/plan-risks/drop-stripe-key.txt",
                       risk_lines(text.out)));
  std::string json_out = acme.plan("json").out;
  CHECK(claims(json_out, "access") ==
        std::set<std::string>{"module.workload_identity "
                              "secret_arns[arn:aws:secretsmanager:ap-northeast-1:111111111111:"
                              "secret:payments/stripe-??????] lost"});
  CHECK(claims(json_out, "egress").empty());
  CHECK(text.out.find("payments/webhooks") == std::string::npos);
}

TEST_CASE("plan risks: the backfill Job's command changes", "[cli][plan-risks]") {
  AcmeRepo acme;
  fs::path file = acme.root / "services/payments/service.yaml";
  std::string spec = read_file(file);
  std::string from = "--since=2024-01-01";
  REQUIRE(spec.find(from) != std::string::npos);
  spec.replace(spec.find(from), from.size(), "--since=2025-01-01");
  write_file(file, spec);
  CommandResult text = acme.plan("text");
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(matches_golden(source_dir() / "tests/golden/plan-risks/backfill-command.txt",
                       risk_lines(text.out)));
  std::string json_out = acme.plan("json").out;
  CHECK(claims(json_out, "run").size() == 1);
  CHECK(claims(json_out, "restart").empty());  // the Deployments run other commands
  CHECK(claims(json_out, "access").empty());
}

TEST_CASE("plan risks: the scraper's namespace moves", "[cli][plan-risks]") {
  // Ingress is judged like egress: the old namespace's scrapes close on the metrics port.
  AcmeRepo acme;
  fs::path project = acme.root / "infrac.yaml";
  std::string text = read_file(project);
  std::string from = "prometheus: {namespace: monitoring}";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "prometheus: {namespace: prom}");
  write_file(project, text);
  std::string json_out = acme.plan("json").out;
  std::set<std::string> ingress = claims(json_out, "ingress");
  CHECK(ingress.count("payments/payments-api pod:monitoring/ 9090/TCP lost") == 1);
  CHECK(ingress.count("payments/payments-api pod:prom/ 9090/TCP gained") == 1);
  CHECK(claims(json_out, "egress").empty());
  CHECK(claims(json_out, "access").empty());
}

TEST_CASE("plan risks: a secret's key changes but no pod restarts", "[cli][plan-risks]") {
  AcmeRepo acme;
  fs::path file = acme.root / "services/payments/service.yaml";
  std::string spec = read_file(file);
  std::string from = "STRIPE_KEY: {key: payments/stripe}";
  REQUIRE(spec.find(from) != std::string::npos);
  spec.replace(spec.find(from), from.size(), "STRIPE_KEY: {key: payments/stripe-v2}");
  write_file(file, spec);
  CommandResult text = acme.plan("text");
  CHECK(text.out.find("running pods keep the values they started with") != std::string::npos);
  std::string json_out = acme.plan("json").out;
  CHECK(claims(json_out, "access").size() == 2);  // the old key lost, the new one gained
  CHECK(claims(json_out, "restart").empty());
}
