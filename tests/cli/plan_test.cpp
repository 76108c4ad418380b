// `infrac plan` and `infrac ci targets` on a scripted git history: add a service, change
// replicas, change a database engine version, make a queue FIFO (replacement), remove a
// service, change a shared input. Each step is a commit; the plan compares HEAD~1 with HEAD
// (read with git archive, no checkout) and must give the expected changes and risks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <vector>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

struct Repo : GitRepo {
  nlohmann::json plan() {
    CommandResult r =
        run_infrac("plan --base HEAD~1 --head HEAD --format json --root " + root.string(),
                   "INFRAC_NOW=2026-11-22");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
  }
};

const nlohmann::json* target(const nlohmann::json& plan, const std::string& id) {
  for (const auto& t : plan["targets"]) {
    if (t["target"] == id) return &t;
  }
  return nullptr;
}

std::set<std::string> changes(const nlohmann::json& t, const std::string& side) {
  std::set<std::string> out;
  for (const auto& c : t[side]["changes"])
    out.insert(c["action"].get<std::string>() + " " + c["address"].get<std::string>());
  return out;
}

// The paths of one change's attributes that contain `part`.
std::vector<std::string> changed_paths(const nlohmann::json& t, const std::string& side,
                                       const std::string& address, const std::string& part) {
  std::vector<std::string> out;
  for (const auto& c : t[side]["changes"]) {
    if (c["address"] != address) continue;
    for (const auto& a : c["attributes"]) {
      std::string path = a["path"].get<std::string>();
      if (path.find(part) != std::string::npos) out.push_back(path);
    }
  }
  return out;
}

bool has_risk(const nlohmann::json& t, const std::string& text) {
  for (const auto& r : t["risks"]) {
    if (r["message"].get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

const std::string kOrders =
    "apiVersion: infrac/v1\nkind: Service\nmetadata:\n  name: orders\n  team: core\n"
    "  description: Orders.\nspec:\n  image: orders:1.0.0\n  components:\n    api:\n      type: "
    "http\n"
    "      health: {path: /healthz}\n      replicas: 3\n    worker:\n      type: worker\n"
    "      command: [bin/work]\n      consumes: [jobs]\n      replicas: 2\n  datastores:\n"
    "    db: {type: postgres, version: \"15\", ha: true}\n    jobs: {type: queue}\n";

}  // namespace

TEST_CASE("plan follows a scripted history step by step", "[cli]") {
  Repo repo;

  // 1. A new service: two targets added, everything created.
  write_file(repo.root / "services/orders/service.yaml", kOrders);
  repo.commit("add orders");
  auto p1 = repo.plan();
  const auto* added = target(p1, "prod/orders");
  REQUIRE(added);
  CHECK((*added)["status"] == "added");
  CHECK(changes(*added, "terraform").count("create module.db"));
  CHECK(changes(*added, "kubernetes").count("create apps/v1/Deployment/orders/orders-api"));
  CHECK(target(p1, "dev/orders") != nullptr);
  CHECK(target(p1, "prod/users") == nullptr);  // unchanged targets are left out
  // Each environment's platform: its secret reader may now read the new database's secrets.
  const auto* platform = target(p1, "prod/_platform");
  REQUIRE(platform);
  CHECK((*platform)["status"] == "changed");
  CHECK(changes(*platform, "terraform").count("update data.aws_iam_policy_document.access"));
  CHECK(target(p1, "dev/_platform") != nullptr);
  CHECK(p1["summary"]["targets_changed"] == 4);

  // 2. Fewer production replicas: an update, and a danger.
  repo.edit("services/orders/service.yaml", "      replicas: 3\n", "      replicas: 2\n");
  repo.commit("fewer replicas");
  auto p2 = repo.plan();
  const auto* fewer = target(p2, "prod/orders");
  REQUIRE(fewer);
  CHECK((*fewer)["status"] == "changed");
  CHECK(changes(*fewer, "kubernetes").count("update apps/v1/Deployment/orders/orders-api"));
  CHECK(has_risk(*fewer, "drops its replicas 3 → 2"));
  CHECK(!has_risk(*target(p2, "dev/orders"), "drops its replicas"));  // dev is not production
  CHECK((*fewer)["terraform"]["changes"].empty());

  // 3. A major engine version without the opt-in is blocked: the plan fails and says why.
  repo.edit("services/orders/service.yaml", "version: \"15\"", "version: \"16\"");
  repo.commit("postgres 16");
  CommandResult blocked =
      run_infrac("plan --base HEAD~1 --format json --root " + repo.root.string());
  CHECK(blocked.exit_code == 1);
  CHECK(blocked.out.find("is a major upgrade, which needs major_upgrade: true on datastore db") !=
        std::string::npos);
  CHECK(blocked.out.find("RDS refuses the change and the apply fails") != std::string::npos);
  // With it: an update of module.db, and exactly what RDS will do.
  repo.edit("services/orders/service.yaml", "version: \"16\"",
            "version: \"16\", major_upgrade: true");
  repo.git("commit --amend -q -a -m 'postgres 16, opted in'");
  auto p3 = repo.plan();
  const auto* engine = target(p3, "prod/orders");
  REQUIRE(engine);
  CHECK(changes(*engine, "terraform") == std::set<std::string>{"update module.db"});
  const auto& attrs = (*engine)["terraform"]["changes"][0]["attributes"];
  REQUIRE(attrs.size() == 2);
  CHECK(attrs[0]["path"] == "allow_major_version_upgrade");
  CHECK(attrs[0]["after"] == "true");
  const auto& attr = attrs[1];
  CHECK(attr["path"] == "engine_version");
  CHECK(attr["before"] == "15");
  CHECK(attr["after"] == "16");
  CHECK((*engine)["terraform"]["changes"][0]["file"] == "services/orders/service.yaml");
  CHECK(has_risk(*engine,
                 "upgrades PostgreSQL 15 → 16 in place. Terraform modifies aws_db_instance "
                 "with allow_major_version_upgrade and apply_immediately"));

  // 4. A FIFO queue cannot be converted in place: replace, with the data-loss danger.
  repo.edit("services/orders/service.yaml", "jobs: {type: queue}",
            "jobs: {type: queue, fifo: true}");
  repo.commit("fifo");
  auto p4 = repo.plan();
  const auto* fifo = target(p4, "prod/orders");
  REQUIRE(fifo);
  CHECK(changes(*fifo, "terraform").count("replace module.jobs"));
  CHECK((*fifo)["terraform"]["replace"] == 1);
  CHECK(has_risk(*fifo, "replaces aws/queue module.jobs"));

  // 5. A shared input: the project's backend bucket changes every target.
  repo.edit("infrac.yaml", "region: eu-west-1", "region: eu-central-1");
  // Alarms notify topics of their own region: the topics move with them.
  repo.edit("infrac.yaml", "arn:aws:sns:eu-west-1", "arn:aws:sns:eu-central-1");
  repo.edit("infrac.yaml", "arn:aws:sns:eu-west-1", "arn:aws:sns:eu-central-1");
  repo.commit("another region");
  auto p5 = repo.plan();
  CHECK(p5["summary"]["targets_changed"] == 8);  // three services and a platform per environment
  const auto* users = target(p5, "dev/users");
  REQUIRE(users);
  // The provider's region is a setting of the root module, shown in the target's header.
  REQUIRE((*users)["settings"].size() == 1);
  CHECK((*users)["settings"][0]["address"] == "provider.aws");
  CHECK((*users)["settings"][0]["attributes"] == nlohmann::json::array({"region"}));
  CHECK((*users)["reasons"] == nlohmann::json::array({"infrac.yaml"}));
  bool blast = false;
  for (const auto& r : p5["risks"])
    blast =
        blast || r["message"].get<std::string>().find("4 in dev, 4 in prod") != std::string::npos;
  CHECK(blast);

  // ci targets lists the same eight, with their directories and reasons, the platforms first
  // (wave 0).
  CommandResult ci =
      run_infrac("ci targets --base HEAD~1 --head HEAD --root " + repo.root.string());
  REQUIRE(ci.exit_code == 0);
  auto matrix = nlohmann::json::parse(ci.out);
  CHECK(matrix["targets"].size() == 8);
  CHECK(matrix["targets"][0]["terraform_dir"] == "out/terraform/dev/_platform");
  CHECK(matrix["targets"][0]["wave_name"] == "platform");
  CHECK(matrix["targets"][2]["terraform_dir"] == "out/terraform/dev/orders");

  // 6. Removing the service: its targets are removed, its stateful resources deleted.
  fs::remove_all(repo.root / "services/orders");
  repo.commit("remove orders");
  auto p6 = repo.plan();
  const auto* removed = target(p6, "prod/orders");
  REQUIRE(removed);
  CHECK((*removed)["status"] == "removed");
  CHECK(changes(*removed, "terraform").count("delete module.db"));
  CHECK(has_risk(*removed, "deletes aws/postgres module.db"));
  CommandResult exit_code =
      run_infrac("plan --base HEAD~1 --head HEAD --detailed-exitcode --root " + repo.root.string());
  CHECK(exit_code.exit_code == 2);
  CommandResult none =
      run_infrac("plan --base HEAD --detailed-exitcode --root " + repo.root.string());
  CHECK(none.exit_code == 0);
}

TEST_CASE("the plan comment: reviewed markdown, a marker, and never over GitHub's limit", "[cli]") {
  Repo repo;
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres, version: \"17\", major_upgrade: true}");
  repo.commit("postgres 17");
  CommandResult md =
      run_infrac("plan --base HEAD~1 --head HEAD --format markdown --root " + repo.root.string());
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.rfind("<!-- github-comment: "
                     "{\"Program\":\"infrac\",\"Command\":\"plan\",\"Target\":\"all\"} -->\n",
                     0) == 0);
  CHECK(matches_golden(source_dir() / "tests/golden/plan-postgres-17.md", md.out));

  // Masks reach every renderer.
  CommandResult masked =
      run_infrac("plan --base HEAD~1 --head HEAD --format markdown --root " + repo.root.string(),
                 "INFRAC_MASKS=regexp:corp-[a-z]+-users-db,env:CANARY CANARY=corp/prod/users/db");
  CHECK(masked.out.find("corp-prod-users-db") == std::string::npos);
  CHECK(masked.out.find("corp/prod/users/db") == std::string::npos);
  CHECK(masked.out.find("***") != std::string::npos);

  // A mask that cannot apply stops the plan before anything is printed: it would have let the
  // value through.
  for (const char* bad :
       {"INFRAC_MASKS='regexp:corp-(users'", "INFRAC_MASKS=secret:x", "INFRAC_MASKS=env:"}) {
    INFO(bad);
    CommandResult refused = run_infrac(
        "plan --base HEAD~1 --head HEAD --format markdown --root " + repo.root.string(), bad);
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.empty());
    CHECK(refused.err.find("infrac: error: INFRAC_MASKS: ") != std::string::npos);
  }
}

TEST_CASE("the plan comment of a dropped dependency: both ends change, nothing is removed",
          "[cli]") {
  Repo repo;
  repo.edit("services/web/service.yaml", "  dependencies: [users]\n",
            "  env: {GREETING: hello, THEME: dark}\n");
  repo.commit("web stops calling users");
  CommandResult md =
      run_infrac("plan --base HEAD~1 --head HEAD --format markdown --root " + repo.root.string());
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  // The callee only loses an ingress rule: changed, never removed, no data-loss danger.
  CHECK(md.out.find("users (changed)") != std::string::npos);
  CHECK(md.out.find("(removed)") == std::string::npos);
  CHECK(md.out.find("web -.->|removed| users") != std::string::npos);
  CHECK(matches_golden(source_dir() / "tests/golden/plan-drop-dependency.md", md.out));
}

TEST_CASE("a huge plan still makes a comment within 65,536 characters", "[cli]") {
  Repo repo;
  // 120 services appear at once: about two thousand files of diff, megabytes of markdown.
  REQUIRE(std::system(("python3 " + (source_dir() / "bench/gen_repo.py").string() + " 120 " +
                       (repo.dir.path / "big").string() + " >/dev/null")
                          .c_str()) == 0);
  fs::remove_all(repo.root / "services");
  fs::copy(repo.dir.path / "big/services", repo.root / "services", fs::copy_options::recursive);
  fs::copy_file(repo.dir.path / "big/infrac.yaml", repo.root / "infrac.yaml",
                fs::copy_options::overwrite_existing);
  repo.commit("a big change");
  fs::path full = repo.dir.path / "full.md";
  CommandResult md = run_infrac("plan --base HEAD~1 --head HEAD --format markdown --full-output " +
                                full.string() + " --root " + repo.root.string());
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.size() <= 65536);
  CHECK(md.out.find("the full plan is in the job summary") != std::string::npos);
  std::string whole = read_file(full);
  CHECK(whole.size() > 1000000);  // a plan of over a megabyte still makes one comment
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
      ++n;
    return n;
  };
  CHECK(count(md.out, "<details>") == count(md.out, "</details>"));
  CHECK(count(md.out, "```") % 2 == 0);
}

TEST_CASE("plan flags new and extended exceptions, and links spec lines on GitHub", "[cli]") {
  Repo repo;
  std::string project =
      read_file(repo.root / "infrac.yaml") + "  policies: [infrac/baseline, ./policies]\n";
  write_file(repo.root / "infrac.yaml", project);
  write_file(repo.root / "policies/README.md", "The organisation's packs and exceptions.\n");
  repo.commit("use ./policies");
  write_file(
      repo.root / "policies/exceptions.yaml",
      "apiVersion: infrac/v1\nkind: Exceptions\nexceptions:\n  - rule: reliability.health-path\n"
      "    services: [users]\n    reason: migrating\n    owner: core\n    expires: 2026-12-31\n");
  repo.commit("an exception");
  auto p1 = repo.plan();
  bool added = false;
  for (const auto& r : p1["risks"]) {
    // The sentence, then the exception's line.
    added = added || r["message"] ==
                         "new exception to reliability.health-path for users until 2026-12-31 "
                         "(owner core) (policies/exceptions.yaml:4)";
  }
  CHECK(added);
  repo.edit("policies/exceptions.yaml", "2026-12-31", "2027-02-28");
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres, version: \"17\", major_upgrade: true}");
  repo.commit("extend it");
  auto p2 = repo.plan();
  bool extended = false;
  for (const auto& r : p2["risks"]) {
    extended =
        extended ||
        r["message"] ==
            "exception to reliability.health-path for users extended from 2026-12-31 to 2027-02-28 "
            "(policies/exceptions.yaml:4)";
  }
  CHECK(extended);
  CommandResult md = run_infrac(
      "plan --base HEAD~1 --head HEAD --format markdown --root " + repo.root.string(),
      "INFRAC_NOW=2026-11-22 GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/infra "
      "GITHUB_SHA=0123456789abcdef0123456789abcdef01234567");
  CHECK(md.out.find("(https://github.com/acme/infra/blob/0123456789abcdef0123456789abcdef01234567/"
                    "services/users/service.yaml#L") != std::string::npos);
}

TEST_CASE("a change to a repository module reaches exactly the targets that call it", "[cli]") {
  Repo repo;
  std::string project =
      read_file(repo.root / "infrac.yaml") + "  terraform:\n    modules: ./modules\n";
  write_file(repo.root / "infrac.yaml", project);
  fs::copy(source_dir() / "modules", repo.root / "modules", fs::copy_options::recursive);
  repo.commit("own modules");
  std::string main = read_file(repo.root / "modules/aws/postgres/main.tf");
  main.replace(main.find("storage_type          = \"gp3\""), 30, "storage_type          = \"io2\"");
  write_file(repo.root / "modules/aws/postgres/main.tf", main);
  repo.commit("faster disks");
  auto p = repo.plan();
  std::set<std::string> changed;
  for (const auto& t : p["targets"]) changed.insert(t["target"].get<std::string>());
  CHECK(changed == std::set<std::string>{"dev/users", "prod/users"});  // web has no database
  const auto* users = target(p, "prod/users");
  REQUIRE(users);
  CHECK(changes(*users, "terraform") == std::set<std::string>{"update module.db"});
  CHECK((*users)["reasons"] == nlohmann::json::array({"modules/aws/postgres/main.tf"}));
  CommandResult ci =
      run_infrac("ci targets --base HEAD~1 --head HEAD --root " + repo.root.string());
  CHECK(nlohmann::json::parse(ci.out)["targets"].size() == 2);
}

TEST_CASE("plan filters name what either side has: an added service, never a typo", "[cli]") {
  Repo repo;
  write_file(repo.root / "services/orders/service.yaml", kOrders);
  repo.commit("add orders");
  // The base has no orders: the filter still applies, to the head's new service.
  CommandResult added = run_infrac(
      "plan --base HEAD~1 --head HEAD --format json --service orders "
      "--root " +
          repo.root.string(),
      "INFRAC_NOW=2026-11-22");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  auto plan = nlohmann::json::parse(added.out);
  REQUIRE(!plan["targets"].empty());
  for (const auto& t : plan["targets"]) {
    std::string id = t["target"];
    CHECK(id.substr(id.find('/')) == "/orders");
  }
  CommandResult typo =
      run_infrac("plan --base HEAD~1 --head HEAD --service ordrs --root " + repo.root.string());
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("--service ordrs: no services/ordrs/service.yaml on either side") !=
        std::string::npos);
  CommandResult env =
      run_infrac("ci targets --base HEAD~1 --env nowhere --root " + repo.root.string());
  CHECK(env.exit_code == 2);
}

TEST_CASE("plan says what an SLO or alert-routing change means", "[cli]") {
  Repo repo;
  write_file(repo.root / "services/orders/service.yaml",
             kOrders + "  slo:\n    availability: {objective: 99.9}\n");
  repo.commit("orders with an SLO");
  auto added = repo.plan();
  const auto* created = target(added, "prod/orders");
  REQUIRE(created);
  CHECK(has_risk(*created,
                 "the availability SLO of prod/orders starts: 99.9% over 28d, an error "
                 "budget of 0.1% of requests"));
  CHECK(changes(*created, "kubernetes")
            .count("create monitoring.coreos.com/v1/PrometheusRule/orders/orders"));

  // Looser: five times the budget, and alerts that wait for it.
  repo.edit("services/orders/service.yaml", "objective: 99.9}", "objective: 99.5}");
  repo.commit("looser");
  auto p2 = repo.plan();
  const auto* looser = target(p2, "prod/orders");
  REQUIRE(looser);
  CHECK(has_risk(*looser,
                 "changes 99.9% → 99.5% over 28d: the error budget is 5× larger: 0.5% "
                 "of requests may now fail"));

  // Tighter by half: alerts fire twice as soon.
  repo.edit("services/orders/service.yaml", "objective: 99.5}", "objective: 99.75}");
  repo.commit("tighter");
  auto p3 = repo.plan();
  const auto* tighter = target(p3, "prod/orders");
  REQUIRE(tighter);
  CHECK(has_risk(*tighter,
                 "the error budget is 2× smaller: only 0.25% of requests may fail, and "
                 "the burn-rate alerts fire 2× sooner"));

  // Removed: a danger.
  repo.edit("services/orders/service.yaml", "  slo:\n    availability: {objective: 99.75}\n", "");
  repo.commit("no slo");
  auto p4 = repo.plan();
  const auto* removed = target(p4, "prod/orders");
  REQUIRE(removed);
  CHECK(has_risk(*removed,
                 "the availability SLO of prod/orders (99.75%) is removed: its "
                 "burn-rate alerts stop"));

  // Another topic for the team in production: the database's alarms notify it instead.
  repo.edit("infrac.yaml", "210987654321:core-alerts", "210987654321:core-pager");
  repo.commit("route the alarms of core");
  auto p5 = repo.plan();
  const auto* routed = target(p5, "prod/orders");
  REQUIRE(routed);
  CHECK(has_risk(*routed,
                 "alarms of module.db in prod/orders now notify "
                 "arn:aws:sns:eu-west-1:210987654321:core-pager"));
  // Without a topic: they notify no one, a danger.
  repo.edit("infrac.yaml", "        core: arn:aws:sns:eu-west-1:210987654321:core-pager\n", "");
  repo.commit("no route for core");
  auto p6 = repo.plan();
  const auto* unrouted = target(p6, "prod/orders");
  REQUIRE(unrouted);
  CHECK(has_risk(*unrouted,
                 "alarms of module.db in prod/orders no longer notify "
                 "arn:aws:sns:eu-west-1:210987654321:core-pager"));
}

TEST_CASE("plan: a Kubernetes canary's traffic moves are risks", "[cli]") {
  Repo repo;
  repo.edit(
      "services/web/service.yaml", "      health: {path: /healthz}\n",
      "      health: {path: /healthz}\n      rollout: {percent: 10, stable: \"web:1.9.0\"}\n");
  repo.commit("canary");
  auto start = repo.plan();
  const auto* web = target(start, "prod/web");
  REQUIRE(web);
  CHECK(has_risk(*web,
                 "a canary of prod/web takes 10% of the public route; the stable "
                 "Deployment serves the rest and every call from inside the cluster"));
  CHECK(changes(*web, "kubernetes").count("create apps/v1/Deployment/web/web-site-canary"));
  CHECK(changes(*web, "kubernetes").count("create core/v1/Service/web/web-canary"));
  // The stable track keeps its selectors (a Deployment's is immutable) and its Service.
  const std::string stable = "apps/v1/Deployment/web/web-site";
  CHECK(changed_paths(*web, "kubernetes", stable, "selector").empty());
  CHECK(changed_paths(*web, "kubernetes", stable, "infrac.dev/track").empty());
  CHECK(!changes(*web, "kubernetes").count("update core/v1/Service/web/web"));
  CHECK(!changes(*web, "kubernetes").count("update policy/v1/PodDisruptionBudget/web/web-site"));

  repo.edit("services/web/service.yaml", "percent: 10", "percent: 50");
  repo.commit("more canary");
  CHECK(has_risk(*target(repo.plan(), "prod/web"),
                 "traffic of the public route of prod/web to its canary moves 10% → 50%"));

  repo.edit("services/web/service.yaml", "      rollout: {percent: 50, stable: \"web:1.9.0\"}\n",
            "");
  repo.commit("promote");
  auto done = repo.plan();
  CHECK(has_risk(*target(done, "prod/web"), "the canary of prod/web ends"));
  CHECK(changes(*target(done, "prod/web"), "kubernetes")
            .count("delete apps/v1/Deployment/web/web-site-canary"));
  CHECK(changed_paths(*target(done, "prod/web"), "kubernetes", stable, "selector").empty());
  CHECK(!changes(*target(done, "prod/web"), "kubernetes").count("update core/v1/Service/web/web"));
}

namespace {

// The exit codes of the plan HEAD~1 → HEAD with, in order: no flag, --detailed-exitcode,
// --fail-on warning, --fail-on danger, --fail-on blocked, and --fail-on danger
// --detailed-exitcode (the CI gate: 0 nothing, 2 changes, 3 stop).
std::vector<int> gate_codes(const GitRepo& repo, std::string& gate_stderr) {
  std::vector<int> codes;
  for (const char* flags : {"", "--detailed-exitcode", "--fail-on warning", "--fail-on danger",
                            "--fail-on blocked", "--fail-on danger --detailed-exitcode"}) {
    CommandResult r = run_infrac(
        "plan --base HEAD~1 --head HEAD " + std::string(flags) + " --root " + repo.root.string(),
        "INFRAC_NOW=2026-11-22");
    codes.push_back(r.exit_code);
    if (std::string(flags) == "--fail-on danger") gate_stderr = r.err;
  }
  return codes;
}

}  // namespace

TEST_CASE("plan --fail-on stops a dangerous change but not an ordinary one", "[cli]") {
  Repo repo;
  std::string err;
  using Codes = std::vector<int>;

  // An ordinary change: more production replicas.
  repo.edit("services/users/service.yaml", "components: {api: {replicas: 2}}",
            "components: {api: {replicas: 3}}");
  repo.commit("more replicas");
  CHECK(gate_codes(repo, err) == Codes{0, 2, 0, 0, 0, 2});
  CHECK(err.empty());

  // A warning: an SLO starts (burn-rate alerts will page).
  repo.edit("services/users/service.yaml", "environments:\n",
            "  slo:\n    availability: {objective: 99.9}\nenvironments:\n");
  repo.commit("an SLO");
  CHECK(gate_codes(repo, err) == Codes{0, 2, 3, 0, 0, 2});

  // A danger: fewer production replicas (still as many as policy asks).
  repo.edit("services/users/service.yaml", "components: {api: {replicas: 3}}",
            "components: {api: {replicas: 2}}");
  repo.commit("fewer replicas");
  CHECK(gate_codes(repo, err) == Codes{0, 2, 3, 3, 0, 3});
  CHECK(err.rfind("infrac: --fail-on danger: the plan holds 1 risk or finding at danger or above "
                  "(exit 3)\n  danger: ",
                  0) == 0);
  CHECK(err.find("drops its replicas 3 → 2") != std::string::npos);

  // A policy that blocks: one production replica (and a danger). Without the gate it is an
  // error (1); with any gate, the gate's own code.
  repo.edit("services/users/service.yaml", "components: {api: {replicas: 2}}",
            "components: {api: {replicas: 1}}");
  repo.commit("one replica");
  CHECK(gate_codes(repo, err) == Codes{1, 1, 3, 3, 3, 3});
  CHECK(err.find("  blocked: policy reliability.prod-replicas in prod/users: ") !=
        std::string::npos);
  repo.git("reset -q --hard HEAD~1");

  // A blocked risk: a major engine upgrade without the opt-in.
  repo.edit("services/users/service.yaml", "    db: {type: postgres}",
            "    db: {type: postgres, version: \"17\"}");
  repo.commit("postgres 17");
  CHECK(gate_codes(repo, err) == Codes{1, 1, 3, 3, 3, 3});
  CHECK(err.find("  blocked: module.db in prod/users: engine version") != std::string::npos);

  // No change at all: every gate passes.
  CommandResult none = run_infrac("plan --base HEAD --fail-on warning --detailed-exitcode --root " +
                                  repo.root.string());
  CHECK(none.exit_code == 0);

  // An unknown level is a usage error.
  CommandResult typo =
      run_infrac("plan --base HEAD --fail-on dangerous --root " + repo.root.string());
  CHECK(typo.exit_code == 2);
}

TEST_CASE("plan shows the findings behind its exit code, on unchanged targets too", "[cli]") {
  Repo repo;
  // users carries an error finding on both sides; only web changes.
  repo.edit("services/users/service.yaml", "  datastores:\n",
            "  env:\n    ADMIN_PASSWORD: hunter2\n  datastores:\n");
  repo.commit("a plain password");
  repo.edit("services/web/service.yaml", "The public web site.", "The public web site, again.");
  repo.commit("a new description of web");
  std::string args = "plan --base HEAD~1 --head HEAD --root " + repo.root.string();
  CommandResult json_run = run_infrac(args + " --format json", "INFRAC_NOW=2026-11-22");
  CHECK(json_run.exit_code == 1);
  nlohmann::json plan = nlohmann::json::parse(json_run.out);
  CHECK(target(plan, "prod/users") == nullptr);  // unchanged: not listed
  std::set<std::string> unlisted;
  for (const auto& v : plan["violations"])
    unlisted.insert(v["rule"].get<std::string>() + " " + v["target"].get<std::string>());
  CHECK(unlisted.count("security.secret-in-env prod/users") == 1);
  CHECK(unlisted.count("security.secret-in-env dev/users") == 1);
  CommandResult text = run_infrac(args, "INFRAC_NOW=2026-11-22");
  CHECK(text.exit_code == 1);
  CHECK(text.out.rfind("dev/web (changed)\n", 0) == 0);  // no blank line first
  CHECK(text.out.find("unchanged targets with policy errors:\n  policy "
                      "error[security.secret-in-env] in dev/users: ") != std::string::npos);
  CommandResult md = run_infrac(args + " --format markdown", "INFRAC_NOW=2026-11-22");
  CHECK(md.out.find("### Policy errors on unchanged targets\n\n- policy **error** "
                    "`security.secret-in-env` in dev/users: ") != std::string::npos);
  // Nothing changed: nothing judged, empty lists, exit 0.
  CommandResult none =
      run_infrac("plan --base HEAD --head HEAD --format json --root " + repo.root.string());
  CHECK(none.exit_code == 0);
  nlohmann::json empty = nlohmann::json::parse(none.out);
  CHECK(empty["targets"].empty());
  CHECK(empty["violations"].empty());
}
