// `infrac import` against two oracles it did not write: examples/acme's own generated
// Kubernetes output (the specs must rebuild to the same objects) and a Helm chart's rendered
// manifests in the style of `helm create` (tests/corpus/import/helm-shop.yaml). In both, every
// difference between the input and the rebuild must be explained by a field the import listed
// (not carried, or written differently) or by what infrac derives; none is unexplained.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

// Every difference and every object the rebuild lacks or adds has an explanation.
std::vector<std::string> unexplained(const json& report) {
  std::vector<std::string> out;
  for (const auto& s : report["services"]) {
    for (const auto& c : s["comparison"]) {
      if (c.value("explanation", "") == "unexplained") out.push_back(c["object"]);
      for (const auto& d : c["differences"])
        if (d["explanation"] == "unexplained")
          out.push_back(c["object"].get<std::string>() + " " + d["path"].get<std::string>());
    }
  }
  return out;
}

std::map<std::string, std::string> statuses(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& s : report["services"])
    for (const auto& c : s["comparison"]) out[c["object"]] = c["status"];
  return out;
}

// Builds an example, then imports its dev Kubernetes output into `repo`: an empty repository
// with the example's infrac.yaml and the policy folders it names. The import's JSON report.
json import_own_output(const std::string& example, const fs::path& work, const fs::path& repo) {
  fs::path built = work / "built";
  REQUIRE(run_infrac("build -q --root " + (source_dir() / example).string() + " --out " +
                     built.string())
              .exit_code == 0);
  fs::create_directories(repo / "services");
  fs::copy(source_dir() / example / "infrac.yaml", repo / "infrac.yaml");
  if (fs::exists(source_dir() / example / "policies"))
    fs::copy(source_dir() / example / "policies", repo / "policies", fs::copy_options::recursive);
  CommandResult r = run_infrac("import --format json --env dev --root " + repo.string() + " " +
                               (built / "kubernetes/dev").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("importing acme's own Kubernetes output rebuilds the same objects", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  json report = import_own_output("examples/acme", dir.path, repo);
  CHECK(unexplained(report).empty());
  std::set<std::string> names;
  for (const auto& s : report["services"]) names.insert(s["name"]);
  CHECK(names == std::set<std::string>{"admin", "dispatch", "drivers", "geo", "notifications",
                                       "payments", "pricing", "rides", "users"});
  // Every workload but the patched one (its patch is not a spec field) is rebuilt exactly.
  auto status = statuses(report);
  std::size_t same = 0;
  for (const auto& [object, s] : status) {
    same += s == "same";
    if (object.rfind("Deployment/", 0) == 0 || object.rfind("CronJob/", 0) == 0) {
      INFO(object);
      CHECK((s == "same" || object == "Deployment/admin/admin-web"));
    }
  }
  CHECK(same >= 120);
  CHECK(status["Deployment/admin/admin-web"] == "differs");
  // The database-roles objects of the platform namespace are infrac's own: skipped on input,
  // so the rebuild adds them (and no service takes them).
  std::size_t platform = 0;
  for (const auto& [object, s] : status) {
    if (object.find("/infrac-system/") == std::string::npos) continue;
    ++platform;
    INFO(object);
    CHECK(s == "added by infrac");
  }
  CHECK(platform > 0);

  std::string payments = read_file(repo / "services/payments/service.yaml");
  for (const char* part : {"    db:\n      type: postgres", "    cache:\n      type: redis",
                           "    receipts:\n      type: bucket", "    events:\n      type: queue",
                           "    - service: notifications\n      env: NOTIFY_URL", "    - users",
                           "    STRIPE_KEY:\n      key: payments/stripe",
                           "      schedule: \"0 3 * * *\"\n      timezone: Asia/Tokyo",
                           "public: https://api.dev.acme.example/payments"}) {
    INFO(part);
    CHECK(payments.find(part) != std::string::npos);
  }
  CHECK(read_file(repo / "services/rides/service.yaml")
            .find("publishes:\n    - notifications.outbox") != std::string::npos);
  CHECK(read_file(repo / "services/geo/service.yaml").find("acme.example/pool: compute") !=
        std::string::npos);
  // The drafts are specs like any other: check accepts them in the environment they came
  // from (dev's replica counts and sizes fail production's rules until reviewed).
  CommandResult dev_check = run_infrac("check -q --env dev --root " + repo.string());
  INFO(dev_check.err);
  CHECK(dev_check.exit_code == 0);
}

TEST_CASE("importing shop-gcp's GKE output (Google Cloud names) leaves nothing unexplained",
          "[cli]") {
  TempDir dir;
  json report = import_own_output("examples/shop-gcp", dir.path, dir.path / "repo");
  CHECK(unexplained(report).empty());
  std::size_t same = 0;
  for (const auto& [object, s] : statuses(report)) same += s == "same";
  // search's egress policy opens the cloud APIs for its spec.iam grant, which lives in its
  // Terraform, not in the Kubernetes objects imported: that policy differs, explained.
  CHECK(same >= 39);
}

TEST_CASE("importing a Helm chart's manifests drafts a spec and lists what it left", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  CommandResult r = run_infrac("import --format json --env prod --root " + repo.string() + " " +
                               (source_dir() / "tests/corpus/import/helm-shop.yaml").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  CHECK(unexplained(report).empty());
  std::string spec = read_file(repo / "services/shop/service.yaml");
  for (const char* part :
       {"image: registry.example.com/shop:2.1.0", "    web:\n      type: http\n      port: 8080",
        "      replicas:\n        min: 2\n        max: 8\n      autoscale:\n        cpu: 75",
        "      health:\n        path: /readyz\n        liveness: /livez",
        "        node_selector:\n          kubernetes.io/arch: amd64",
        "          prometheus.io/scrape: \"true\"", "      expose: public",
        "    worker:\n      type: worker",
        "        command:\n          - shop\n          - healthcheck",
        "      schedule: \"30 2 * * *\"\n      timezone: Europe/Berlin\n      timeout: \"30m\"",
        "    public: https://shop.corp.example/", "    LOG_LEVEL: info", "    CURRENCY: EUR",
        "    PAYMENT_API_KEY:\n      key: shop/shop-payment\n      property: api-key"}) {
    INFO(part);
    CHECK(spec.find(part) != std::string::npos);
  }
  // What it left, with reasons: the StatefulSet, the Secret's value, the CPU limit.
  std::map<std::string, std::string> reasons;
  for (const auto& n : report["not_carried"])
    reasons[n["object"].get<std::string>() + " " + n["path"].get<std::string>()] = n["reason"];
  CHECK(reasons["StatefulSet/shop-redis "].find("infrac runs no StatefulSets") !=
        std::string::npos);
  CHECK(reasons["Secret/shop-payment "].find("secret values are never imported") !=
        std::string::npos);
  CHECK(
      reasons["Deployment/shop-web spec.template.spec.containers[shop].resources.limits.cpu"].find(
          "no CPU limit") != std::string::npos);
  CHECK(spec.find("c2VjcmV0") == std::string::npos);  // the Secret's value stays behind
}

TEST_CASE("importing charts as helm create writes them: names, ports, annotations, namespaces",
          "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  fs::remove_all(repo / "services");
  std::string input = (source_dir() / "tests/corpus/import/helm-create.yaml").string();
  CommandResult r =
      run_infrac("import --format json --env prod --root " + repo.string() + " " + input);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  CHECK(unexplained(report).empty());
  // The component takes the workload's name (docs/adoption.md), not a generic one.
  std::string orders = read_file(repo / "services/orders/service.yaml");
  CHECK(orders.find("  components:\n    orders:\n      type: http\n      port: 8080") !=
        std::string::npos);
  // Helm's bookkeeping annotations are dropped, not kept as an escape hatch.
  CHECK(orders.find("checksum/") == std::string::npos);
  CHECK(orders.find("helm.sh") == std::string::npos);
  CHECK(orders.find("kubernetes:") == std::string::npos);
  // A URL to another release's namespace is a dependency.
  CHECK(orders.find("  dependencies:\n    - users\n") != std::string::npos);
  CHECK(orders.find("users.accounts") == std::string::npos);
  // Port 80 in front of containerPort 8080 breaks every caller still on 80: said up front.
  std::set<std::string> ports;
  for (const auto& b : report["behaviour_changes"])
    if (b["kind"] == "ports")
      ports.insert(b["subject"].get<std::string>() + ": " + b["change"].get<std::string>());
  CHECK(ports.count("Service/shop/orders: port 80 becomes 8080: infrac's Service for orders "
                    "listens on the component's port, so a caller outside this import that still "
                    "uses 80 breaks") == 1);
  CHECK(ports.count("Service/accounts/users: port 80 becomes 8080: infrac's Service for users "
                    "listens on the component's port, so a caller outside this import that still "
                    "uses 80 breaks") == 1);
  TempDir text_dir;
  fs::copy(source_dir() / "tests/corpus/base", text_dir.path, fs::copy_options::recursive);
  fs::remove_all(text_dir.path / "services");
  CommandResult text =
      run_infrac("import --env prod --root " + text_dir.path.string() + " " + input);
  REQUIRE(text.exit_code == 0);
  std::string header = text.out.substr(0, text.out.find("bookkeeping, by kind"));
  CHECK(header.find("Service/shop/orders: port 80 becomes 8080") != std::string::npos);
}

TEST_CASE("import writes nothing when a service exists, a draft fails, or on --dry-run", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  fs::path manifests = dir.path / "m.yaml";
  // kubectl get -o yaml: one List.
  write_file(manifests,
             "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n"
             "  metadata: {name: users}\n  spec:\n    template:\n      metadata: {labels: {app: "
             "users}}\n      spec:\n        containers: [{name: app, image: \"users:2\"}]\n");
  CommandResult exists = run_infrac("import --root " + repo.string() + " " + manifests.string());
  CHECK(exists.exit_code == 1);
  CHECK(exists.err.find("services/users exists already") != std::string::npos);

  std::string text = read_file(manifests);
  text.replace(text.find("name: users}"), 12, "name: orders}");
  text.replace(text.find("app: users"), 10, "app: orders");
  write_file(manifests, text);
  CommandResult dry =
      run_infrac("import --dry-run --root " + repo.string() + " " + manifests.string());
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("--- services/orders/service.yaml") != std::string::npos);
  CHECK(!fs::exists(repo / "services/orders"));

  text.replace(text.find("image: \"users:2\""), 16, "image: \"users:latest\"");
  write_file(manifests, text);
  CommandResult bad = run_infrac("import --root " + repo.string() + " " + manifests.string());
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("error[E0113]") != std::string::npos);
  CHECK(bad.err.find("nothing written") != std::string::npos);
  CHECK(!fs::exists(repo / "services/orders"));
}
