// deliver/: the bundle format (round trip, refusal of paths outside the bundle), the order
// of apply_steps over a bundle with every kind of target, plan_steps, the prune allowlist
// against every kind the examples emit, and the operator commands' argv.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "deliver/apply_steps.h"
#include "deliver/bundle.h"
#include "deliver/operator_commands.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

BundleTarget kube_target(const std::string& env, const std::string& service, BundleStatus status) {
  BundleTarget t;
  t.id = env + "/" + service;
  t.env = env;
  t.service = service;
  t.status = status;
  t.terraform_dir = "out/terraform/" + t.id;
  t.kubernetes_dir = "out/kubernetes/" + t.id;
  t.context = env + "-ctx";
  t.ns = service;
  t.instance = service + "-" + env;
  t.objects = {
      {"v1", "Namespace", service, "namespace-" + service + ".yaml", "", 0},
      {"apps/v1", "Deployment", service + "-api", "deployment-" + service + "-api.yaml", "", 0}};
  return t;
}

Bundle sample() {
  Bundle b;
  b.image_tag = "abc";
  b.created_unix = 100;
  b.terraform_planned = true;
  BundleTarget gateway;
  gateway.id = "prod/_gateway";
  gateway.env = "prod";
  gateway.service = "_gateway";
  gateway.gateway = true;
  gateway.terraform_dir = "out/terraform/prod/_gateway";
  BundleTarget cloud_run;
  cloud_run.id = "prod/api";
  cloud_run.env = "prod";
  cloud_run.service = "api";
  cloud_run.status = BundleStatus::Added;
  cloud_run.terraform_dir = "out/terraform/prod/api";
  BundleTarget orders = kube_target("prod", "orders", BundleStatus::Changed);
  orders.objects.push_back(
      {"batch/v1", "Job", "orders-migrate-1", "job-orders-migrate-1.yaml", "before-rollout", 300});
  orders.objects.push_back(
      {"batch/v1", "Job", "orders-seed-1", "job-orders-seed-1.yaml", "once", 0});
  b.targets = {gateway, cloud_run, orders, kube_target("prod", "old", BundleStatus::Removed)};
  return b;
}

std::vector<std::string> summary(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps)
    out.push_back(std::to_string(static_cast<int>(s.wave)) + " " + s.target + " " + s.action);
  return out;
}

}  // namespace

TEST_CASE("bundle: bundle.json round-trips and refuses what could leave the bundle", "[deliver]") {
  Bundle b = sample();
  std::string error;
  auto back = parse_bundle(bundle_json(b), error);
  REQUIRE(back);
  CHECK(bundle_json(*back) == bundle_json(b));
  CHECK(back->targets[2].objects[2].phase == "before-rollout");
  CHECK(back->targets[2].objects[3].phase == "once");
  CHECK(back->targets[2].objects[2].timeout_seconds == 300);

  std::string text = bundle_json(b);
  std::string escaping = text;
  escaping.replace(escaping.find("out/terraform/prod/api"), 22, "../../../etc");
  CHECK_FALSE(parse_bundle(escaping, error));
  CHECK(error.find("outside the bundle") != std::string::npos);
  std::string option = text;
  option.replace(option.find("\"prod-ctx\""), 10, "\"--kubeconfig=/x\"");
  CHECK_FALSE(parse_bundle(option, error));
  std::string other = text;
  other.replace(other.find("\"version\": 1"), 12, "\"version\": 2");
  CHECK_FALSE(parse_bundle(other, error));
  CHECK(error.find("bundle version 2") != std::string::npos);
  CHECK_FALSE(parse_bundle("not json", error));
}

TEST_CASE("apply_steps: infrastructure, migrations, workloads, gateways, removals", "[deliver]") {
  auto steps = apply_steps(sample(), "B", DeliveryOptions{});
  CHECK(summary(steps) == std::vector<std::string>{
                              "1 prod/api terraform apply",
                              "1 prod/orders terraform apply",
                              "2 prod/orders prepare",
                              "2 prod/orders migrate orders-migrate-1",
                              "3 prod/orders kubectl apply",
                              "3 prod/orders create orders-seed-1",
                              "3 prod/orders rollout orders-api",
                              "4 prod/_gateway terraform apply",
                              "5 prod/old kubectl delete",
                              "5 prod/old terraform destroy",
                          });
  // The prepare step applies what a migration needs and never a workload.
  const auto& prepare = steps[2].commands[0].argv;
  CHECK(std::find(prepare.begin(), prepare.end(),
                  "B/out/kubernetes/prod/orders/namespace-orders.yaml") != prepare.end());
  CHECK(std::find(prepare.begin(), prepare.end(),
                  "B/out/kubernetes/prod/orders/deployment-orders-api.yaml") == prepare.end());
  const StepCommand& watch = steps[3].commands[1];
  CHECK(watch.argv ==
        std::vector<std::string>{"kubectl", "--context", "prod-ctx", "--namespace", "orders", "get",
                                 "job/orders-migrate-1", "--output",
                                 "jsonpath={.status.conditions[?(@.status==\"True\")].type}"});
  REQUIRE(watch.poll);
  CHECK(watch.poll->done == "Complete");
  CHECK(watch.poll->failed == "Failed");
  CHECK(watch.poll->timeout_seconds == 360);  // the job's deadline, and a minute
  // A bundle without migrations has no wave 2.
  Bundle plain = sample();
  plain.targets[2].objects.erase(plain.targets[2].objects.begin() + 2);
  for (const auto& s : apply_steps(plain, "B", DeliveryOptions{}))
    CHECK(s.wave != Wave::Migrations);
}

TEST_CASE("plan_steps: each target's plan saved, a removed target's a destroy plan", "[deliver]") {
  auto steps = plan_steps(sample(), "B", DeliveryOptions{});
  REQUIRE(steps.size() == 4);
  CHECK(steps[3].action == "terraform plan -destroy");
  CHECK(steps[3].commands[1].argv.back() == "-destroy");
  CHECK(steps[0].commands[2].stdout_file == "B/out/terraform/prod/_gateway/plan.json");
}

TEST_CASE("prune allowlist: every namespaced kind the examples emit", "[deliver]") {
  std::set<std::string> allowed(prune_allowlist().begin(), prune_allowlist().end());
  std::set<std::string> seen;
  for (const char* example : {"examples/acme", "examples/shop-gcp"}) {
    TempDir out;
    CommandResult r = run_infrac("build --out " + out.path.string() + " --root " +
                                 (source_dir() / example).string());
    REQUIRE(r.exit_code == 0);
    for (const auto& e : fs::recursive_directory_iterator(out.path / "kubernetes")) {
      if (!e.is_regular_file() || e.path().filename() == "kustomization.yaml") continue;
      std::ifstream in(e.path());
      std::string api, kind;
      for (std::string line; std::getline(in, line);) {
        if (api.empty() && line.rfind("apiVersion: ", 0) == 0) api = line.substr(12);
        if (kind.empty() && line.rfind("kind: ", 0) == 0) kind = line.substr(6);
      }
      if (kind == "Namespace") continue;  // never pruned: deleting one deletes everything in it
      seen.insert((api.find('/') == std::string::npos ? "core/" : "") + api + "/" + kind);
    }
  }
  CHECK(seen.size() >= 12);
  for (const auto& kind : seen) {
    INFO(kind);
    CHECK(allowed.count(kind));
  }
}

TEST_CASE("operator commands: argv from context, namespace and labels", "[deliver]") {
  OperatorTarget t{"kubectl", "prod-main", "payments", "payments-prod", "acme"};
  CHECK(logs_argv(t, {"api", false, "", 50}) ==
        std::vector<std::string>{
            "kubectl", "--context", "prod-main", "--namespace", "payments", "logs", "--selector",
            "app.kubernetes.io/instance=payments-prod,app.kubernetes.io/component=api",
            "--all-containers", "--prefix", "--max-log-requests=20", "--tail=50"});
  CHECK(exec_argv(t, "payments-api", "api", {"sh"}, true) ==
        std::vector<std::string>{"kubectl", "--context", "prod-main", "--namespace", "payments",
                                 "exec", "--stdin", "--tty", "deployment/payments-api",
                                 "--container", "api", "--", "sh"});
}

TEST_CASE("apply_steps: with Argo CD syncing the clusters only Terraform runs", "[deliver]") {
  DeliveryOptions gitops;
  gitops.skip_kubernetes = true;
  CHECK(summary(apply_steps(sample(), "B", gitops)) == std::vector<std::string>{
                                                           "1 prod/api terraform apply",
                                                           "1 prod/orders terraform apply",
                                                           "4 prod/_gateway terraform apply",
                                                           "5 prod/old terraform destroy",
                                                       });
}

TEST_CASE("apply steps: database roles run in the platform namespace before migrations",
          "[deliver]") {
  Bundle b;
  BundleTarget orders = kube_target("prod", "orders", BundleStatus::Added);
  orders.objects.push_back(
      {"v1", "ConfigMap", "orders-db-roles", "configmap-orders-db-roles.yaml", "bootstrap", 0});
  orders.objects.push_back({"external-secrets.io/v1", "ExternalSecret", "orders-db-master",
                            "externalsecret-orders-db-master.yaml", "bootstrap", 0});
  orders.objects.push_back({"batch/v1", "Job", "orders-db-roles-0123abcd",
                            "job-orders-db-roles-0123abcd.yaml", "bootstrap", 600});
  orders.objects.push_back(
      {"batch/v1", "Job", "orders-migrate-1", "job-orders-migrate-1.yaml", "before-rollout", 300});
  b.targets = {orders};
  auto steps = apply_steps(b, "B/output", DeliveryOptions{});
  auto s = summary(steps);
  REQUIRE(s.size() >= 4);
  CHECK(s[0] == "1 prod/orders terraform apply");
  CHECK(s[1] == "2 prod/orders database roles");
  CHECK(s[2] == "2 prod/orders prepare");
  CHECK(s[3] == "2 prod/orders migrate orders-migrate-1");
  const Step& roles = steps[1];
  REQUIRE(roles.commands.size() == 3);
  // A failed Job of the same name is deleted first, so that this run starts it again.
  CHECK(roles.commands[0].argv ==
        std::vector<std::string>{"kubectl", "--context", "prod-ctx", "--namespace", "infrac-system",
                                 "delete", "jobs", "--field-selector",
                                 "metadata.name=orders-db-roles-0123abcd,status.successful=0",
                                 "--ignore-not-found"});
  CHECK(roles.commands[1].argv ==
        std::vector<std::string>{
            "kubectl", "--context", "prod-ctx", "apply", "-f",
            "B/output/out/kubernetes/prod/orders/configmap-orders-db-roles.yaml", "-f",
            "B/output/out/kubernetes/prod/orders/"
            "externalsecret-orders-db-master.yaml",
            "-f",
            "B/output/out/kubernetes/prod/orders/"
            "job-orders-db-roles-0123abcd.yaml"});
  const StepCommand& watch = roles.commands[2];
  REQUIRE(watch.poll);
  CHECK(watch.argv[4] == "infrac-system");
  CHECK(watch.argv[6] == "job/orders-db-roles-0123abcd");
  CHECK(watch.poll->timeout_seconds == 660);
  // prepare leaves the platform namespace's objects to the database-roles step.
  for (const auto& a : steps[2].commands[0].argv) CHECK(a.find("db-roles") == std::string::npos);
  for (const auto& a : steps[2].commands[0].argv) CHECK(a.find("db-master") == std::string::npos);
}

TEST_CASE("apply steps: an environment's platform before its services, removed after them",
          "[deliver]") {
  BundleTarget platform = kube_target("prod", "_platform", BundleStatus::Added);
  platform.platform = true;
  platform.ns = "infrac-system";
  platform.instance = "infrac-system-prod";
  platform.objects = {{"v1", "Namespace", "infrac-system", "namespace-infrac-system.yaml", "", 0},
                      {"external-secrets.io/v1", "SecretStore", "aws-secrets-manager",
                       "secretstore-aws-secrets-manager.yaml", "", 0}};
  BundleTarget orders = kube_target("prod", "orders", BundleStatus::Added);
  orders.objects.push_back({"batch/v1", "Job", "orders-db-roles-0123abcd",
                            "job-orders-db-roles-0123abcd.yaml", "bootstrap", 600});
  Bundle b;
  b.targets = {platform, orders};
  auto steps = apply_steps(b, "B", DeliveryOptions{});
  CHECK(summary(steps) == std::vector<std::string>{
                              "0 prod/_platform terraform apply",
                              "0 prod/_platform kubectl apply",
                              "1 prod/orders terraform apply",
                              "2 prod/orders database roles",
                              "3 prod/orders kubectl apply",
                              "3 prod/orders rollout orders-api",
                          });
  // The platform's objects are applied, and pruned, by their own instance label only.
  const auto& apply = steps[1].commands[0].argv;
  CHECK(std::find(apply.begin(), apply.end(),
                  "app.kubernetes.io/instance=infrac-system-prod,app.kubernetes.io/"
                  "managed-by=infrac,infrac.dev/phase!=once") != apply.end());
  CHECK(std::find(apply.begin(), apply.end(), "B/out/kubernetes/prod/_platform") != apply.end());
  CHECK(wave_name(Wave::Platform) == "platform");
  CHECK(target_wave(BundleStatus::Added, false, true) == Wave::Platform);
  CHECK(target_wave(BundleStatus::Removed, false, true) == Wave::Removals);

  // Removing everything: the services' objects and infrastructure go before the platform's.
  for (auto& t : b.targets) t.status = BundleStatus::Removed;
  CHECK(summary(apply_steps(b, "B", DeliveryOptions{})) == std::vector<std::string>{
                                                               "5 prod/orders kubectl delete",
                                                               "5 prod/orders terraform destroy",
                                                               "5 prod/_platform kubectl delete",
                                                               "5 prod/_platform terraform destroy",
                                                           });
  // bundle.json keeps the platform flag.
  std::string error;
  auto parsed = parse_bundle(bundle_json(b), error);
  REQUIRE(parsed);
  CHECK(parsed->targets[0].platform);
  CHECK_FALSE(parsed->targets[1].platform);
}

TEST_CASE("apply steps: a callee's Terraform before its callers', destroyed after them",
          "[deliver]") {
  // web calls api calls ledger (Cloud Run: each caller's run.invoker grant names its callee);
  // the bundle lists them by name, so without the calls web would be applied first.
  auto cloud_run = [](const std::string& service, std::vector<std::string> calls) {
    BundleTarget t;
    t.id = "prod/" + service;
    t.env = "prod";
    t.service = service;
    t.status = BundleStatus::Added;
    t.terraform_dir = "out/terraform/prod/" + service;
    t.calls = std::move(calls);
    return t;
  };
  Bundle b;
  b.targets = {cloud_run("api", {"ledger"}), cloud_run("ledger", {}),
               cloud_run("web", {"api", "ledger"})};
  CHECK(summary(apply_steps(b, "B", DeliveryOptions{})) ==
        std::vector<std::string>{"1 prod/ledger terraform apply", "1 prod/api terraform apply",
                                 "1 prod/web terraform apply"});
  // A callee outside the bundle exists already; a cycle is broken where it was entered.
  b.targets = {cloud_run("b", {"a"}), cloud_run("a", {"b"}), cloud_run("c", {"outside"})};
  CHECK(summary(apply_steps(b, "B", DeliveryOptions{})) ==
        std::vector<std::string>{"1 prod/a terraform apply", "1 prod/b terraform apply",
                                 "1 prod/c terraform apply"});
  b.targets = {cloud_run("api", {"ledger"}), cloud_run("ledger", {}),
               cloud_run("web", {"api", "ledger"})};
  for (auto& t : b.targets) t.status = BundleStatus::Removed;
  CHECK(summary(apply_steps(b, "B", DeliveryOptions{})) ==
        std::vector<std::string>{"5 prod/web terraform destroy", "5 prod/api terraform destroy",
                                 "5 prod/ledger terraform destroy"});
  std::string error;
  auto parsed = parse_bundle(bundle_json(b), error);
  REQUIRE(parsed);
  CHECK(parsed->targets[2].calls == std::vector<std::string>{"api", "ledger"});
}
