// Taking over what exists and renaming without recreating: adopt: writes import {} blocks and
// the plan says "import"; renamed_from: writes moved {} blocks, keeps physical names and the
// plan has no delete; publishes: grants send rights on exactly another service's queue (AWS
// and GCP); a major engine upgrade is refused without major_upgrade: true and explained with
// it; the kubernetes: and iam: escape hatches land in the output and in findings.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "../unit/support.h"
#include "plan/major_upgrade.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

nlohmann::json plan_json(const GitRepo& repo) {
  CommandResult r =
      run_infrac("plan --base HEAD~1 --head HEAD --format json --root " + repo.root.string(),
                 "INFRAC_NOW=2026-11-22");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& target(const nlohmann::json& plan, const std::string& id) {
  for (const auto& t : plan["targets"]) {
    if (t["target"] == id) return t;
  }
  FAIL("no target " << id);
  static nlohmann::json none;
  return none;
}

std::set<std::string> actions(const nlohmann::json& t) {
  std::set<std::string> out;
  for (const char* side : {"terraform", "kubernetes"}) {
    for (const auto& c : t[side]["changes"])
      out.insert(c["action"].get<std::string>() + " " + c["address"].get<std::string>());
  }
  return out;
}

std::string build_file(const GitRepo& repo, const std::string& path) {
  TempDir out;
  CommandResult r =
      run_infrac("build --root " + repo.root.string() + " --out " + (out.path / "o").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return fs::exists(out.path / "o" / path) ? read_file(out.path / "o" / path) : "";
}

}  // namespace

TEST_CASE("adopt: imports an existing database; the plan says import, not create", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres}\n    files: {type: bucket, adopt: corp-legacy-user-files}");
  repo.commit("adopt the legacy bucket");
  std::string state = build_file(repo, "terraform/prod/users/state.tf");
  CHECK(state.find("import {\n  to = module.files.aws_s3_bucket.this\n  id = "
                   "\"corp-legacy-user-files\"\n}") != std::string::npos);
  std::string main = build_file(repo, "terraform/prod/users/main.tf");
  CHECK(main.find("\"corp-legacy-user-files\"") != std::string::npos);

  auto plan = plan_json(repo);
  const auto& prod = target(plan, "prod/users");
  CHECK(actions(prod).count("import module.files") == 1);
  CHECK(actions(prod).count("create module.files") == 0);
  for (const auto& c : prod["terraform"]["changes"]) {
    if (c["address"] == "module.files")
      CHECK(c["reason"].get<std::string>().rfind("imports corp-legacy-user-files (adopt:)", 0) ==
            0);
  }
  CHECK(plan["summary"]["import"] == 2);  // dev and prod

  // The text plan and the pull-request comment say the same: an import, never a create.
  for (const char* format : {"text", "markdown"}) {
    INFO(format);
    CommandResult r = run_infrac(std::string("plan --base HEAD~1 --head HEAD --format ") + format +
                                     " --root " + repo.root.string(),
                                 "INFRAC_NOW=2026-11-22");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("imports corp-legacy-user-files (adopt:)") != std::string::npos);
    bool text = std::string(format) == "text";
    CHECK(r.out.find(text ? "<- module.files" : "`<-` `module.files`") != std::string::npos);
    CHECK(r.out.find(text ? "  + module.files" : "`+` `module.files`") == std::string::npos);
    if (text) CHECK(r.out.find("2 to import, ") != std::string::npos);
  }
}

TEST_CASE("renamed_from: state moves, physical names stay, nothing is destroyed", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    database: {type: postgres}");
  repo.edit("services/users/service.yaml", "    datastores: {db: {ha: true}}",
            "    datastores: {database: {ha: true}}");
  repo.commit("name it database");
  repo.edit("services/users/service.yaml", "    database: {type: postgres}",
            "    db: {type: postgres, renamed_from: database}");
  repo.edit("services/users/service.yaml", "    datastores: {database: {ha: true}}",
            "    datastores: {db: {ha: true}}");
  repo.commit("rename it back to db, keeping the instance");
  std::string state = build_file(repo, "terraform/prod/users/state.tf");
  CHECK(state.find("moved {\n  from = module.database\n  to   = module.db\n}") !=
        std::string::npos);
  std::string main = build_file(repo, "terraform/prod/users/main.tf");
  CHECK(main.find("\"corp-prod-users-database\"") != std::string::npos);  // the RDS identifier
  CHECK(main.find("\"corp/prod/users/database\"") != std::string::npos);  // its secret
  // The dashboard watches the instance the module names, not one named after the new key.
  std::string dashboard = build_file(repo, "dashboards/prod/users.json");
  CHECK(dashboard.find("corp-prod-users-database") != std::string::npos);
  CHECK(!std::regex_search(dashboard, std::regex("corp-prod-users-db[^a-z]")));

  auto plan = plan_json(repo);
  const auto& prod = target(plan, "prod/users");
  for (const auto& a : actions(prod)) {
    INFO(a);
    CHECK(a.rfind("delete", 0) != 0);
    CHECK(a.rfind("replace", 0) != 0);
    // The database keeps its name, so its roles objects (platform namespace) stay as they are
    // and the roles Job does not run again.
    CHECK(a.find("/infrac-system/") == std::string::npos);
  }
  CHECK(actions(prod).count("move module.db") == 1);
  for (const auto& r : prod["risks"]) {
    INFO(r.dump());
    CHECK(r["level"] != "danger");
  }
}

TEST_CASE("renamed_from with a version or size change is judged as the change it is", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    database: {type: postgres, version: \"15\"}");
  repo.edit("services/users/service.yaml", "    datastores: {db: {ha: true}}",
            "    datastores: {database: {ha: true}}");
  repo.commit("postgres 15 named database");
  repo.edit("services/users/service.yaml", "    database: {type: postgres, version: \"15\"}",
            "    db: {type: postgres, version: \"16\", renamed_from: database}");
  repo.edit("services/users/service.yaml", "    datastores: {database: {ha: true}}",
            "    datastores: {db: {ha: true}}");
  repo.commit("rename and upgrade in one commit");
  const std::string plan = "plan --base HEAD~1 --head HEAD --format json --root ";
  CommandResult upgrade = run_infrac(plan + repo.root.string(), "INFRAC_NOW=2026-11-22");
  CHECK(upgrade.exit_code == 1);
  CHECK(upgrade.out.find("engine version 15 → 16 is a major upgrade, which needs "
                         "major_upgrade: true on datastore db") != std::string::npos);

  repo.edit("services/users/service.yaml", "version: \"16\", renamed_from: database",
            "version: \"14\", renamed_from: database");
  repo.git("commit --amend -q -a -m 'rename and downgrade in one commit'");
  CommandResult downgrade = run_infrac(plan + repo.root.string(), "INFRAC_NOW=2026-11-22");
  CHECK(downgrade.exit_code == 1);
  CHECK(downgrade.out.find("engine version 15 → 14 is a downgrade") != std::string::npos);

  repo.edit("services/users/service.yaml", "version: \"14\", renamed_from: database",
            "version: \"16\", major_upgrade: true, size: large, renamed_from: database");
  repo.git("commit --amend -q -a -m 'rename, upgrade and resize, opted in'");
  auto opted = plan_json(repo);
  bool explained = false, resized = false;
  for (const auto& r : target(opted, "prod/users")["risks"]) {
    std::string message = r["message"].get<std::string>();
    explained |= message.find("upgrades PostgreSQL 15 → 16") != std::string::npos;
    resized |= message.find("instance class db.t4g.small → db.m7g.xlarge") != std::string::npos;
  }
  CHECK(explained);
  CHECK(resized);  // a resize in the commit that renames is still a resize
}

TEST_CASE("renamed_from and adopt that cannot move state are errors", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres, renamed_from: db}");
  CommandResult own = run_infrac("check --root " + repo.root.string());
  CHECK(own.exit_code == 1);
  CHECK(own.err.find("error[E0151]") != std::string::npos);
  CHECK(own.err.find("'db', which is its own name") != std::string::npos);
}

TEST_CASE("publishes: send rights on exactly that queue, on AWS and Google Cloud", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres}\n    events: {type: queue}");
  repo.edit("services/web/service.yaml",
            "  components:", "  publishes: [users.events]\n  components:");
  repo.commit("web publishes to users.events");
  std::string main = build_file(repo, "terraform/prod/web/main.tf");
  CHECK(main.find("publish_queue_arns            = [\"arn:aws:sqs:eu-west-1:210987654321:corp-"
                  "prod-users-events\"]") != std::string::npos);
  CHECK(main.find(" queue_arns ") == std::string::npos);  // no consume rights
  std::string config = build_file(repo, "kubernetes/prod/web/configmap-web.yaml");
  CHECK(config.find("USERS_EVENTS_QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/210987654321/"
                    "corp-prod-users-events") != std::string::npos);
  auto plan = plan_json(repo);
  bool gains = false;
  for (const auto& r : target(plan, "prod/web")["risks"])
    gains = gains || r["message"].get<std::string>().find("gains access") != std::string::npos;
  CHECK(gains);

  // Google Cloud: roles/pubsub.publisher on the topic only (topic_names), no subscription.
  repo.edit("infrac.yaml", "  cloud: aws", "  cloud: gcp\n  project: corp-shared");
  repo.edit("infrac.yaml", "  region: eu-west-1", "  region: europe-west1");  // E0163 otherwise
  // Cloud SQL in production is a dedicated-core size (terraform.prod-dedicated-core).
  repo.edit("services/users/service.yaml", "datastores: {db: {ha: true}}",
            "datastores: {db: {ha: true, size: medium}}");
  repo.edit("infrac.yaml", "      account: \"123456789012\"",
            "      account: \"123456789012\"\n      project: corp-dev");
  repo.edit("infrac.yaml", "      account: \"210987654321\"",
            "      account: \"210987654321\"\n      project: corp-prod");
  std::string text = read_file(repo.root / "infrac.yaml");
  for (const char* line :
       {"        core: arn:aws:sns:eu-west-1:210987654321:core-alerts\n",
        "        web: arn:aws:sns:eu-west-1:210987654321:web-alerts\n", "      alerts:\n"})
    text.erase(text.find(line), std::string(line).size());
  write_file(repo.root / "infrac.yaml", text);
  repo.commit("on google cloud");
  std::string gmain = build_file(repo, "terraform/prod/web/main.tf");
  CHECK(gmain.find("topic_names                = [\"corp-prod-users-events\"]") !=
        std::string::npos);
  CHECK(gmain.find("subscription_names") == std::string::npos);

  // Unknown queues are E0149, with the queues the service has.
  repo.edit("services/web/service.yaml", "publishes: [users.events]", "publishes: [users.event]");
  CommandResult bad = run_infrac("check --root " + repo.root.string());
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("error[E0149]: service 'users' has no queue 'event'") != std::string::npos);
  CHECK(bad.err.find("did you mean 'events'") != std::string::npos);
}

TEST_CASE("escape hatches reach the pods and the identity, and every use is a finding", "[cli]") {
  GitRepo repo;
  repo.edit("services/users/service.yaml", "      health: {path: /healthz}",
            "      health: {path: /healthz}\n"
            "      kubernetes:\n"
            "        annotations: {example.com/scrape: \"true\"}\n"
            "        node_selector: {example.com/pool: general}\n"
            "        tolerations: [{key: dedicated, value: api, effect: NoSchedule}]\n"
            "        sidecars: {proxy: {image: \"proxy:1.2.0\", port: 15001}}");
  repo.edit("services/users/service.yaml", "  datastores:",
            "  iam:\n"
            "    - {actions: [\"kms:Decrypt\"], resources: [\"arn:aws:kms:eu-west-1:210987654321:"
            "key/abc\"], reason: reads the shared archive key}\n"
            "  datastores:");
  repo.commit("escape hatches");
  std::string deployment = build_file(repo, "kubernetes/prod/users/deployment-users-api.yaml");
  CHECK(deployment.find("example.com/scrape: \"true\"") != std::string::npos);
  CHECK(deployment.find("nodeSelector:\n        example.com/pool: general") != std::string::npos);
  CHECK(deployment.find("- name: proxy\n          image: \"123456789012.dkr.ecr.eu-west-1."
                        "amazonaws.com/corp/proxy:1.2.0\"") != std::string::npos);
  CHECK(deployment.find("tolerations:\n        - key: dedicated") != std::string::npos);
  // A native sidecar: an init container that keeps running beside the component.
  CHECK(deployment.find("initContainers:\n        - name: proxy") != std::string::npos);
  CHECK(deployment.find("restartPolicy: Always") != std::string::npos);
  std::string main = build_file(repo, "terraform/prod/users/main.tf");
  CHECK(main.find("sid       = \"Extra1\"") != std::string::npos);

  CommandResult check =
      run_infrac("check --format json --root " + repo.root.string(), "INFRAC_NOW=2026-11-22");
  CHECK(check.exit_code == 0);
  auto report = nlohmann::json::parse(check.out);
  std::set<std::string> rules;
  for (const auto& f : report["violations"]) rules.insert(f["rule"].get<std::string>());
  for (const char* id :
       {"escape.pod-metadata", "escape.scheduling", "escape.sidecars", "escape.iam"}) {
    INFO(id);
    CHECK(rules.count(id) == 1);
  }

  // A reserved label is refused.
  repo.edit("services/users/service.yaml", "annotations: {example.com/scrape: \"true\"}",
            "labels: {app.kubernetes.io/name: other}");
  CommandResult bad = run_infrac("check --root " + repo.root.string());
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("error[E0150]: label 'app.kubernetes.io/name' is reserved") !=
        std::string::npos);
}

TEST_CASE("major versions: the number the upgrade text compares") {
  CHECK(infrac::major_of("16.4") == "16");
  CHECK(infrac::major_of("POSTGRES_17") == "17");
  CHECK(infrac::major_of("REDIS_7_2") == "7");
  CHECK(infrac::major_of("REDIS_6_X") == "6");
  CHECK(infrac::major_of("latest").empty());
}
