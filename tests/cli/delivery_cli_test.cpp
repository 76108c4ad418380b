// From a reviewed pull request to the clusters, end to end: a change is bundled on its branch
// (`infrac ci bundle`), merged, and applied (`infrac ci apply`) with fake terraform and kubectl
// (tests/cli/fake/fake-tool.sh) that record every call; the recorded order and arguments are
// the assertions. Also: a base that moved, a stale bundle, a failing rollout, one-shot Job
// names across image tags, and the operator commands' kubectl arguments.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// PATH with the fakes first; every call appended to log.
struct Fakes {
  Fakes() {
    fs::create_directories(bin);
    for (const char* name : {"terraform", "kubectl"})
      fs::create_symlink(source_dir() / "tests/cli/fake/fake-tool.sh", bin / name);
  }
  std::string env(const std::string& extra = "") const {
    return "PATH=" + bin.string() + ":\"$PATH\" FAKE_LOG=" + log.string() + " " + extra;
  }
  // The recorded calls, with the directory prefix `strip` removed.
  std::vector<std::string> calls(const std::string& strip) const {
    std::vector<std::string> out;
    std::istringstream in(fs::exists(log) ? read_file(log) : "");
    for (std::string line; std::getline(in, line);) {
      for (std::size_t at; !strip.empty() && (at = line.find(strip)) != std::string::npos;)
        line.erase(at, strip.size());
      out.push_back(line);
    }
    return out;
  }
  void clear() const { fs::remove(log); }
  TempDir dir;
  fs::path bin = dir.path / "bin", log = dir.path / "calls.log";
};

std::size_t index_of(const std::vector<std::string>& calls, const std::string& text) {
  auto it = std::find_if(calls.begin(), calls.end(),
                         [&](const std::string& c) { return c.find(text) != std::string::npos; });
  return it == calls.end() ? std::string::npos : static_cast<std::size_t>(it - calls.begin());
}

const char* kUsersChange = R"(apiVersion: infrac/v1
kind: Service
metadata:
  name: users
  team: core
  description: Accounts and profiles.
spec:
  image: users:1.1.0
  components:
    api:
      type: http
      health: {path: /healthz}
    migrate:
      type: job
      command: [bin/migrate]
      run: before-rollout
      timeout: 10m
    seed:
      type: job
      command: [bin/seed]
  datastores:
    db: {type: postgres}
environments:
  prod:
    components: {api: {replicas: 2}}
    datastores: {db: {ha: true}}
)";

// A pull request on branch pr: users gains a migration and a one-shot seed job, web goes.
struct PullRequest : GitRepo {
  PullRequest() {
    git("checkout -q -b pr");
    write_file(root / "services/users/service.yaml", kUsersChange);
    fs::remove_all(root / "services/web");
    commit("users migrates, web goes");
  }
  void merge() {
    git("checkout -q main");
    git("merge -q --no-ff pr -m merge");
  }
};

}  // namespace

TEST_CASE("delivery: a reviewed change is bundled, merged and applied in order", "[cli]") {
  Fakes fakes;
  PullRequest repo;
  fs::path bundle = repo.dir.path / "bundle";
  std::string root = " --root " + repo.root.string();
  CommandResult b = run_infrac(
      "ci bundle --base main --image-tag pr1 --out " + bundle.string() + root, fakes.env());
  INFO(b.err);
  REQUIRE(b.exit_code == 0);
  auto manifest = nlohmann::json::parse(read_file(bundle / "bundle.json"));
  CHECK(manifest["image_tag"] == "pr1");
  CHECK(manifest["targets"].size() == 4);
  CHECK(fs::exists(bundle / "out/terraform/prod/users/infrac.tfplan"));
  CHECK(fs::exists(bundle / "out/terraform/prod/users/plan.json"));
  CHECK(
      fs::exists(bundle / "out/kubernetes/prod/web/kustomization.yaml"));  // the base's, to delete
  CHECK(read_file(bundle / "out/kubernetes/prod/users/deployment-users-api.yaml")
            .find("image: \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/corp/users:pr1\"") !=
        std::string::npos);
  // The pull request planned each target; a removed one with -destroy.
  auto planned = fakes.calls(repo.dir.path.string() + "/.bundle.partial/");
  CHECK(index_of(planned,
                 "terraform -chdir=out/terraform/prod/users plan -input=false -no-color "
                 "-lock-timeout=300s -out=infrac.tfplan") != std::string::npos);
  CHECK(index_of(planned,
                 "-chdir=out/terraform/prod/web plan -input=false -no-color "
                 "-lock-timeout=300s -out=infrac.tfplan -destroy") != std::string::npos);

  repo.merge();
  fakes.clear();
  CommandResult a = run_infrac("ci apply --bundle " + bundle.string() + root, fakes.env());
  INFO(a.err);
  REQUIRE(a.exit_code == 0);
  // Progress on stderr: each wave and step as it starts, then the outcome.
  CHECK(a.err.find("infrac: wave 1 (infrastructure)\n") != std::string::npos);
  CHECK(a.err.find("infrac: applied 4 targets as reviewed\n") != std::string::npos);
  CHECK(a.out.empty());
  auto calls = fakes.calls(bundle.string() + "/");
  std::string all;
  for (const auto& c : calls) all += c + "\n";
  INFO(all);
  // 24 calls, and per live target three for its PostgreSQL datastore's database roles (the
  // delete of a failed Job, the apply of the platform-namespace objects, the watch of the Job).
  REQUIRE(calls.size() == 30);
  // Wave 1: the reviewed Terraform plans of the live targets, nothing else before them.
  CHECK(calls[0] == "terraform -chdir=out/terraform/dev/users init -input=false -no-color");
  CHECK(calls[1] ==
        "terraform -chdir=out/terraform/dev/users apply -input=false -no-color "
        "-lock-timeout=300s infrac.tfplan");
  CHECK(calls[3] ==
        "terraform -chdir=out/terraform/prod/users apply -input=false -no-color "
        "-lock-timeout=300s infrac.tfplan");
  // Wave 2: the database roles (their objects in the platform namespace, the Job to
  // completion), then what the migration needs, the migration, and its completion, before any
  // rollout.
  CHECK(
      calls[4].rfind("kubectl --context dev --namespace infrac-system delete jobs --field-selector "
                     "metadata.name=users-db-roles-",
                     0) == 0);
  CHECK(calls[4].find(",status.successful=0 --ignore-not-found") != std::string::npos);
  CHECK(calls[5].rfind(
            "kubectl --context dev apply -f out/kubernetes/dev/users/configmap-users-db-roles.yaml "
            "-f out/kubernetes/dev/users/externalsecret-users-db-master.yaml -f "
            "out/kubernetes/dev/users/job-users-db-roles-",
            0) == 0);  // dev first, by target id
  CHECK(calls[6].rfind("kubectl --context dev --namespace infrac-system get job/users-db-roles-",
                       0) == 0);
  CHECK(calls[6].find("--output jsonpath={.status.conditions[?(@.status==\"True\")].type}") !=
        std::string::npos);
  CHECK(calls[7].rfind(
            "kubectl --context dev apply -f out/kubernetes/dev/users/namespace-users.yaml -f "
            "out/kubernetes/dev/users/serviceaccount-external-secrets.yaml",
            0) == 0);
  CHECK(calls[7].find("deployment-") == std::string::npos);
  CHECK(calls[7].find("-db-roles") == std::string::npos);  // not in the service's namespace
  CHECK(calls[7].find("-db-master") == std::string::npos);
  std::size_t roles =
      index_of(calls, "kubectl --context prod --namespace infrac-system get job/users-db-roles-");
  std::size_t migrate =
      index_of(calls, "kubectl --context prod --namespace users get job/users-migrate-");
  std::size_t rollout = index_of(calls,
                                 "kubectl --context prod --namespace users rollout status "
                                 "deployment/users-api --timeout=600s");
  std::size_t prune =
      index_of(calls,
               "kubectl --context prod apply -k out/kubernetes/prod/users --prune -l "
               "app.kubernetes.io/instance=users-prod,app.kubernetes.io/"
               "managed-by=infrac,infrac.dev/phase!=once "
               "--prune-allowlist=core/v1/ConfigMap");
  REQUIRE(migrate != std::string::npos);
  REQUIRE(rollout != std::string::npos);
  REQUIRE(prune != std::string::npos);
  REQUIRE(roles != std::string::npos);
  CHECK(roles < migrate);
  CHECK(migrate < prune);
  CHECK(prune < rollout);
  CHECK(calls[migrate].find("--output jsonpath={.status.conditions[?(@.status==\"True\")].type}") !=
        std::string::npos);
  // Wave 3: the one-shot job only where it does not exist yet.
  std::size_t probe =
      index_of(calls, "kubectl --context prod --namespace users get job users-seed-");
  REQUIRE(probe != std::string::npos);
  CHECK(calls[probe + 1].rfind(
            "kubectl --context prod create -f out/kubernetes/prod/users/job-users-seed-", 0) == 0);
  CHECK(prune < probe);  // a new service's namespace and secrets exist before the job
  CHECK(probe < rollout);
  // Wave 5: a removed service's objects go before its infrastructure.
  std::size_t deleted = index_of(calls,
                                 "kubectl --context prod delete -k out/kubernetes/prod/web "
                                 "--ignore-not-found --wait=true");
  std::size_t destroyed = index_of(calls, "terraform -chdir=out/terraform/prod/web apply");
  REQUIRE(deleted != std::string::npos);
  REQUIRE(destroyed != std::string::npos);
  CHECK(rollout < deleted);
  CHECK(deleted < destroyed);
  CHECK(destroyed == calls.size() - 1);

  SECTION("an existing one-shot job is not created again") {
    fakes.clear();
    std::string seed = calls[probe].substr(calls[probe].find("users-seed-"));
    seed = seed.substr(0, seed.find(' '));
    REQUIRE(run_infrac("ci apply --bundle " + bundle.string() + root,
                       fakes.env("FAKE_EXISTING_JOBS='" + seed + "'"))
                .exit_code == 0);
    auto again = fakes.calls(bundle.string() + "/");
    CHECK(index_of(again, "create -f out/kubernetes/prod/users/job-" + seed) == std::string::npos);
    CHECK(index_of(again, "create -f out/kubernetes/dev/users/job-users-seed-") !=
          std::string::npos);
  }
  SECTION("a failed rollout stops what comes after it and names the target") {
    fakes.clear();
    CommandResult f = run_infrac("ci apply --bundle " + bundle.string() + root,
                                 fakes.env("FAKE_FAIL='rollout status deployment/users-api'"));
    CHECK(f.exit_code == 1);
    CHECK(f.err.find("infrac: error: dev/users: rollout users-api failed") != std::string::npos);
    CHECK(f.err.find("did not run") != std::string::npos);
    auto stopped = fakes.calls(bundle.string() + "/");
    CHECK(index_of(stopped, "delete -k") == std::string::npos);
    CHECK(index_of(stopped, "--context prod --namespace users rollout") == std::string::npos);
  }
  SECTION("a failed migration stops the rollout at once") {
    fakes.clear();
    CommandResult f = run_infrac("ci apply --bundle " + bundle.string() + root,
                                 fakes.env("FAKE_JOB_CONDITIONS='FailureTarget Failed' "
                                           "FAKE_JOB_PREFIX=users-migrate-"));
    CHECK(f.exit_code == 1);
    CHECK(f.err.find("infrac: error: dev/users: migrate users-migrate-") != std::string::npos);
    CHECK(f.err.find(": Failed\n") != std::string::npos);
    CHECK(f.err.find("nothing of the service rolled out") != std::string::npos);
    auto stopped = fakes.calls(bundle.string() + "/");
    CHECK(index_of(stopped, "apply -k") == std::string::npos);
    CHECK(index_of(stopped, "rollout status") == std::string::npos);
  }
  SECTION("failed database roles stop the migration and the rollout") {
    fakes.clear();
    CommandResult f = run_infrac("ci apply --bundle " + bundle.string() + root,
                                 fakes.env("FAKE_JOB_CONDITIONS='FailureTarget Failed' "
                                           "FAKE_JOB_PREFIX=users-db-roles-"));
    CHECK(f.exit_code == 1);
    CHECK(f.err.find("infrac: error: dev/users: database roles") != std::string::npos);
    CHECK(f.err.find("were not set up; nothing of the service rolled out") != std::string::npos);
    CHECK(f.err.find("--namespace infrac-system logs job/users-db-roles-") != std::string::npos);
    auto stopped = fakes.calls(bundle.string() + "/");
    CHECK(index_of(stopped, "job-users-migrate-") == std::string::npos);
    CHECK(index_of(stopped, "apply -k") == std::string::npos);
  }
  SECTION("a stale bundle is refused before anything runs") {
    fakes.clear();
    long later = manifest["created_unix"].get<long>() + 4 * 24 * 3600;
    CommandResult f = run_infrac("ci apply --bundle " + bundle.string() + root,
                                 fakes.env("INFRAC_NOW_UNIX=" + std::to_string(later)));
    CHECK(f.exit_code == 1);
    CHECK(f.err.find("the bundle is stale") != std::string::npos);
    CHECK(fakes.calls("").empty());
  }
  SECTION("one environment at a time, reviewed as a whole; -q keeps the steps quiet") {
    fakes.clear();
    CommandResult dev_only =
        run_infrac("ci apply -q --env dev --bundle " + bundle.string() + root, fakes.env());
    REQUIRE(dev_only.exit_code == 0);
    CHECK(dev_only.err.find("infrac: ") == std::string::npos);
    auto dev = fakes.calls(bundle.string() + "/");
    CHECK(index_of(dev, "--context dev") != std::string::npos);
    CHECK(index_of(dev, "prod") == std::string::npos);
  }
  SECTION("--dry-run prints the steps in order and runs none") {
    fakes.clear();
    CommandResult d =
        run_infrac("ci apply --dry-run --bundle " + bundle.string() + root, fakes.env());
    CHECK(d.exit_code == 0);
    CHECK(d.out.find("wave 1 infrastructure\n  dev/users: terraform apply\n") == 0);
    CHECK(d.out.find("wave 5 removals") != std::string::npos);
    CHECK(d.out.find("# every 5s until Complete (Failed stops), at most 660s") !=
          std::string::npos);
    CHECK(fakes.calls("").empty());
  }
}

TEST_CASE("delivery: a base that moved after review is refused", "[cli]") {
  Fakes fakes;
  PullRequest repo;
  fs::path bundle = repo.dir.path / "bundle";
  std::string root = " --root " + repo.root.string();
  REQUIRE(
      run_infrac("ci bundle --base main --out " + bundle.string() + root, fakes.env()).exit_code ==
      0);
  // Another change lands on main first and touches a target this one changes.
  repo.git("checkout -q main");
  repo.edit("services/users/service.yaml", "components: {api: {replicas: 2}}",
            "components: {api: {replicas: 3}}");
  repo.commit("more users replicas");
  repo.merge();
  fakes.clear();
  CommandResult a = run_infrac("ci apply --bundle " + bundle.string() + root, fakes.env());
  CHECK(a.exit_code == 1);
  CHECK(a.err.find("this commit does not render what was reviewed") != std::string::npos);
  CHECK(
      a.err.find(
          "out/kubernetes/prod/users/deployment-users-api.yaml: differs from the reviewed file") !=
      std::string::npos);
  CHECK(a.err.find("re-run the pull request's plan job") != std::string::npos);
  CHECK(fakes.calls("").empty());
}

TEST_CASE("delivery: a one-shot job keeps its name across image tags", "[cli]") {
  TempDir out;
  PullRequest repo;
  auto jobs = [&](const std::string& tag) {
    fs::path dir = out.path / tag;
    CommandResult r = run_infrac("build --image-tag " + tag + " --out " + dir.string() +
                                 " --root " + repo.root.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "kubernetes/prod/users")) {
      std::string name = e.path().filename().string();
      if (name.rfind("job-", 0) == 0) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  auto first = jobs("a1"), second = jobs("b2");
  // Three Jobs: users' PostgreSQL datastore db brings its database-roles Job (in the platform
  // namespace, written beside the target's objects), then the spec's migrate and seed.
  REQUIRE(first.size() == 3);
  REQUIRE(second.size() == 3);
  CHECK(first[0].rfind("job-users-db-roles-", 0) == 0);
  CHECK(first[1].rfind("job-users-migrate-", 0) == 0);
  CHECK(first[2].rfind("job-users-seed-", 0) == 0);
  CHECK(first[0] == second[0]);  // the roles Job runs psql, never the service's image
  CHECK(first[2] == second[2]);  // run: once: the tag is not part of its definition
  CHECK(first[1] != second[1]);  // run: before-rollout: each deployed image migrates
}

TEST_CASE("operator commands: kubectl with the environment's context and labels", "[cli]") {
  Fakes fakes;
  GitRepo repo;
  repo.edit(
      "infrac.yaml", "      cluster: prod\n",
      "      cluster: prod\n      context: arn:aws:eks:eu-west-1:210987654321:cluster/prod\n");
  std::string root = " --root " + repo.root.string();
  CHECK(run_infrac("logs dev web site --since 15m -f" + root, fakes.env()).exit_code == 0);
  CHECK(run_infrac("status prod users" + root, fakes.env()).exit_code == 0);
  CHECK(run_infrac("status dev" + root, fakes.env()).exit_code == 0);
  // Production: nothing without the environment's name typed again.
  CommandResult refused = run_infrac("exec prod users" + root + " -- psql", fakes.env());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("run it again with --confirm prod") != std::string::npos);
  CHECK(run_infrac("exec prod users --confirm prod" + root + " -- sh -c 'echo hi'", fakes.env())
            .exit_code == 0);
  CHECK(run_infrac("exec dev users api" + root + " -- env", fakes.env()).exit_code == 0);
  CommandResult missing = run_infrac("logs dev users nope" + root, fakes.env());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("its components: api") != std::string::npos);
  std::vector<std::string> expected = {
      "kubectl --context dev --namespace web logs --selector "
      "app.kubernetes.io/instance=web-dev,app.kubernetes.io/component=site --all-containers "
      "--prefix --max-log-requests=20 --tail=100 --since=15m --follow",
      "kubectl --context arn:aws:eks:eu-west-1:210987654321:cluster/prod --namespace users get "
      "deployments,cronjobs,jobs,pods --output wide --selector "
      "app.kubernetes.io/instance=users-prod",
      "kubectl --context dev get deployments,cronjobs,jobs,pods --output wide --all-namespaces "
      "--selector app.kubernetes.io/part-of=corp,app.kubernetes.io/managed-by=infrac",
      "kubectl --context arn:aws:eks:eu-west-1:210987654321:cluster/prod --namespace users exec "
      "--stdin deployment/users-api --container api -- sh -c echo hi",
      "kubectl --context dev --namespace users exec --stdin deployment/users-api --container api "
      "-- env",
  };
  CHECK(fakes.calls("") == expected);
}

TEST_CASE("operator commands: a misspelt name gets a suggestion, a missing context its command",
          "[cli]") {
  Fakes fakes;
  GitRepo repo;
  std::string root = " --root " + repo.root.string();
  CommandResult service = run_infrac("logs dev userz" + root, fakes.env());
  CHECK(service.exit_code == 1);
  CHECK(service.err.find("no service 'userz' in dev\nhelp: did you mean 'users'?") !=
        std::string::npos);
  CommandResult env = run_infrac("status prd users" + root, fakes.env());
  CHECK(env.err.find("help: did you mean 'prod'?") != std::string::npos);
  CommandResult component = run_infrac("exec dev users apj" + root + " -- sh", fakes.env());
  CHECK(component.exit_code == 2);
  CHECK(component.err.find("help: did you mean 'api'? its components: api") != std::string::npos);
  CHECK(!fs::exists(fakes.log));  // none of these reached kubectl

  // kubectl fails and the kubeconfig lacks the environment's context: the command creating it.
  CommandResult missing =
      run_infrac("logs dev users" + root, fakes.env("FAKE_FAIL=logs FAKE_CONTEXTS=prod"));
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("your kubeconfig has no context 'dev' (environment dev)\nhelp: create "
                         "it with: aws eks update-kubeconfig --name dev --region eu-west-1 "
                         "--alias dev") != std::string::npos);
  // kubectl fails for another reason: its own message stands alone.
  CommandResult other =
      run_infrac("logs dev users" + root, fakes.env("FAKE_FAIL=logs FAKE_CONTEXTS='prod dev'"));
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("kubeconfig") == std::string::npos);
  // GKE: gcloud names the context gke_PROJECT_LOCATION_CLUSTER; infrac.yaml's name is another.
  CommandResult gke =
      run_infrac("logs dev catalog --root " + (source_dir() / "examples/shop-gcp").string(),
                 fakes.env("FAKE_FAIL=logs"));
  CHECK(gke.err.find("help: create it with: gcloud container clusters get-credentials dev-gke "
                     "--region europe-west1 --project shop-dev-1177 && kubectl config "
                     "rename-context gke_shop-dev-1177_europe-west1_dev-gke dev-gke") !=
        std::string::npos);
}
