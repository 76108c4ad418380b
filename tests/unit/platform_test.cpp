// lower/platform_lower.h and lower/secret_store.h over the examples: each environment's
// platform target (its namespace, secret reader, store and the reader's cloud identity) and a
// SecretStore beside every ExternalSecret, in every namespace that has one.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

#include "support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

struct Built {
  TempDir out;
  explicit Built(const char* example) {
    CommandResult r = run_infrac("build --out " + out.path.string() + " --root " +
                                 (source_dir() / example).string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::string file(const std::string& path) const { return read_file(out.path / path); }
};

// kind and metadata.namespace of a one-object YAML file infrac wrote.
std::pair<std::string, std::string> kind_and_namespace(const fs::path& file) {
  std::ifstream in(file);
  std::string kind, ns;
  for (std::string line; std::getline(in, line);) {
    if (kind.empty() && line.rfind("kind: ", 0) == 0) kind = line.substr(6);
    if (ns.empty() && line.rfind("  namespace: ", 0) == 0) ns = line.substr(13);
  }
  return {kind, ns};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("platform: acme's environments get the database-roles reader and its identity",
          "[platform]") {
  Built acme("examples/acme");
  for (const std::string env : {"dev", "prod"}) {
    INFO(env);
    std::string account = env == "dev" ? "111111111111" : "222222222222";
    std::string k8s = "kubernetes/" + env + "/_platform/";
    std::string ns = acme.file(k8s + "namespace-infrac-system.yaml");
    CHECK(contains(ns, "pod-security.kubernetes.io/enforce: restricted"));
    std::string reader = acme.file(k8s + "serviceaccount-external-secrets.yaml");
    CHECK(contains(reader, "eks.amazonaws.com/role-arn: arn:aws:iam::" + account + ":role/acme-" +
                               env + "-infrac-system"));
    CHECK(contains(reader, "automountServiceAccountToken: false"));
    std::string store = acme.file(k8s + "secretstore-aws-secrets-manager.yaml");
    CHECK(contains(store, "namespace: infrac-system"));
    CHECK(contains(store, "region: ap-northeast-1"));
    std::string main = acme.file("terraform/" + env + "/_platform/main.tf");
    // Trusted by infrac-system's reader only; reads the master secrets of exactly the
    // environment's instances (by RDS's tag) and their connection secrets by name.
    CHECK(contains(main, "system:serviceaccount:infrac-system:external-secrets"));
    CHECK(contains(main, "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn"));
    CHECK(
        contains(main, "arn:aws:rds:ap-northeast-1:" + account + ":db:acme-" + env + "-users-db"));
    CHECK(contains(main, "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:acme/" +
                             env + "/users/db-??????"));
    CHECK_FALSE(contains(main, "sessions"));  // a Redis datastore has no master to read
    CHECK(contains(acme.file("terraform/" + env + "/_platform/backend.tf"),
                   "\"" + env + "/_platform/terraform.tfstate\""));
  }
}

TEST_CASE("platform: every namespace with an ExternalSecret has its own SecretStore",
          "[platform]") {
  for (const char* example : {"examples/acme", "examples/shop-gcp"}) {
    INFO(example);
    Built built(example);
    std::map<std::string, std::set<std::string>> reading, stores;  // env -> namespaces
    std::size_t objects = 0;
    for (const auto& e : fs::recursive_directory_iterator(built.out.path / "kubernetes")) {
      if (!e.is_regular_file()) continue;
      std::string env =
          e.path().lexically_relative(built.out.path / "kubernetes").begin()->string();
      auto [kind, ns] = kind_and_namespace(e.path());
      CHECK(kind != "ClusterSecretStore");
      if (kind == "ExternalSecret") reading[env].insert(ns);
      if (kind == "SecretStore") stores[env].insert(ns);
      ++objects;
    }
    CHECK(objects > 50);
    CHECK_FALSE(reading.empty());
    for (const auto& [env, namespaces] : reading) {
      for (const auto& ns : namespaces) {
        INFO(env << " " << ns);
        CHECK(stores[env].count(ns) == 1);
      }
    }
  }
}

TEST_CASE("platform: shop-gcp's environments enable the API the Cloud Run rollout guard uses",
          "[platform]") {
  Built shop("examples/shop-gcp");
  for (const std::string env : {"dev", "prod"}) {
    INFO(env);
    std::string main = shop.file("terraform/" + env + "/_platform/main.tf");
    CHECK(contains(main, "resource \"google_project_service\" \"cloudasset\""));
    CHECK(contains(main, "\"cloudasset.googleapis.com\""));
    CHECK(contains(main, "disable_on_destroy"));
  }
}

// Cloud SQL's IAM database users, end to end in the output: the platform's reader account and
// its workload identity, each database granting it its admin and connection secrets, the
// application's user being its own account, and a roles Job per database (a Cloud Run
// service's too) that reads the admin secret and grants rather than creates.
TEST_CASE("platform: shop-gcp's databases get IAM users and roles Jobs read by the platform",
          "[platform]") {
  Built shop("examples/shop-gcp");
  for (const std::string env : {"dev", "prod"}) {
    INFO(env);
    const std::string project = env == "prod" ? "shop-prod-4821" : "shop-dev-1177";
    const std::string reader =
        "shop-" + env + "-infrac-system@" + project + ".iam.gserviceaccount.com";
    std::string main = shop.file("terraform/" + env + "/_platform/main.tf");
    CHECK(contains(main, "account_id   = \"shop-" + env + "-infrac-system\""));
    CHECK(contains(main,
                   "serviceAccount:" + project + ".svc.id.goog[infrac-system/external-secrets]"));
    CHECK(
        contains(shop.file("kubernetes/" + env + "/_platform/serviceaccount-external-secrets.yaml"),
                 "iam.gke.io/gcp-service-account: " + reader));
    for (const std::string service : {"catalog", "orders", "reviews"}) {
      INFO(service);
      std::string tf = shop.file("terraform/" + env + "/" + service + "/main.tf");
      CHECK(contains(tf, "app_service_account_email = module.workload_identity.email"));
      CHECK(contains(tf, "admin_secret_reader       = \"" + reader + "\""));
      CHECK_FALSE(contains(tf, "password"));
      const std::string k8s = "kubernetes/" + env + "/" + service + "/";
      std::string secret = shop.file(k8s + "externalsecret-" + service + "-db-master.yaml");
      CHECK(contains(secret, "key: shop-" + env + "-" + service + "-db-admin"));
      std::string roles = shop.file(k8s + "configmap-" + service + "-db-roles.yaml");
      const std::string role = "shop-" + env + "-" + service + "@" + project + ".iam";
      CHECK(contains(roles, "GRANT CONNECT, TEMPORARY ON DATABASE \\\"app\\\" TO \\\"" + role));
      CHECK_FALSE(contains(roles, "CREATE ROLE"));
    }
    // The Cloud Run service's Kubernetes objects are its roles Job's, all in infrac-system.
    for (const auto& entry :
         fs::directory_iterator(shop.out.path / ("kubernetes/" + env + "/reviews"))) {
      if (entry.path().filename() == "kustomization.yaml") continue;
      INFO(entry.path());
      CHECK(kind_and_namespace(entry.path()).second == "infrac-system");
    }
  }
}

TEST_CASE("platform: the database-roles Job's psql image is a project setting, pinned by digest",
          "[platform]") {
  const std::string pinned =
      "registry.example/psql:17.2@sha256:"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  TempDir repo;
  fs::copy(source_dir() / "examples/acme", repo.path, fs::copy_options::recursive);
  auto job_image = [&](const fs::path& out) {
    for (const auto& e : fs::directory_iterator(out / "kubernetes/prod/users")) {
      if (e.path().filename().string().rfind("job-users-db-roles-", 0) != 0) continue;
      std::string text = read_file(e.path());
      std::size_t at = text.find("image: ");
      return text.substr(at + 7, text.find('\n', at) - at - 7);
    }
    return std::string("(no database-roles Job)");
  };
  auto check = [&] {
    CommandResult r = run_infrac("check --root " + repo.path.string());
    return r.out + r.err;
  };
  {
    TempDir out;
    REQUIRE(run_infrac("build --out " + out.path.string() + " --root " + repo.path.string())
                .exit_code == 0);
    CHECK(job_image(out.path) == "docker.io/library/postgres:17-alpine");
    CHECK(contains(check(), "security.pinned-psql-image"));  // the default is a tag
  }
  // acme's delivery block (Argo CD) gets the setting beside its own.
  std::string yaml = read_file(repo.path / "infrac.yaml");
  yaml.replace(yaml.find("  delivery:\n"), 12, "  delivery:\n    psql_image: \"" + pinned + "\"\n");
  write_file(repo.path / "infrac.yaml", yaml);
  TempDir out;
  CommandResult r =
      run_infrac("build --out " + out.path.string() + " --root " + repo.path.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(job_image(out.path) == pinned);
  CHECK_FALSE(contains(check(), "security.pinned-psql-image"));
}
