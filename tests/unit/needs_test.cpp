// resolve/needs.h: each profile of the platform model (resolve/platform.h) turns into the
// needs docs/platform.md promises, for tests/corpus/base (web calls users; users has a
// PostgreSQL database on AWS).
#include <catch2/catch.hpp>

#include <filesystem>

#include "pipeline/compile.h"
#include "resolve/needs.h"
#include "support.h"

using namespace infrac;
namespace fs = std::filesystem;

namespace {

// tests/corpus/base with `platform` as spec.platform, resolved.
std::unique_ptr<Compilation> base_with(const std::string& platform, test::TempDir& dir,
                                       const std::string& prod_platform = "") {
  fs::path repo = dir.path / "repo";
  fs::copy(test::source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  std::string yaml = test::read_file(repo / "infrac.yaml");
  yaml.insert(yaml.find("\nspec:\n") + 7, "  platform: " + platform + "\n");
  if (!prod_platform.empty()) {
    std::string prod = "      domain: corp.example\n";
    yaml.insert(yaml.find(prod) + prod.size(), "      platform: " + prod_platform + "\n");
  }
  test::write_file(repo / "infrac.yaml", yaml);
  CompileOptions options;
  options.root = repo;
  options.stop_after = Stage::Resolve;
  auto c = compile(options);
  REQUIRE(c->model);
  return c;
}

const Need* find(const Target& t, NeedKind kind, bool inbound = false) {
  for (const auto& n : t.needs)
    if (n.kind == kind && n.inbound == inbound) return &n;
  return nullptr;
}

const Target& target(const Model& m, const std::string& id) {
  for (const auto& t : m.targets)
    if (t.id() == id) return t;
  FAIL("no target " << id);
  throw;
}

}  // namespace

TEST_CASE("needs: IRSA through NAT puts STS on the 443 rule of an IAM database login", "[needs]") {
  test::TempDir dir;
  auto c = base_with("{}", dir);
  const Target& users = target(*c->model, "dev/users");
  const Need* apis = find(users, NeedKind::CloudApi);
  REQUIRE(apis);
  CHECK(apis->hosts == std::vector<std::string>{"sts.eu-west-1.amazonaws.com"});
  REQUIRE(apis->peers.size() == 1);
  CHECK(apis->peers[0].cidr == "0.0.0.0/0");
  CHECK(apis->peers[0].except.size() == 5);  // RFC 1918, link-local, shared
  CHECK(find(users, NeedKind::Identity) == nullptr);
  // web has no datastore and no grant: no cloud API, no credentials.
  CHECK(find(target(*c->model, "dev/web"), NeedKind::CloudApi) == nullptr);
}

TEST_CASE("needs: EKS Pod Identity replaces STS with the node's agent", "[needs]") {
  test::TempDir dir;
  auto c = base_with("{identity: pod-identity}", dir);
  const Target& users = target(*c->model, "dev/users");
  CHECK(find(users, NeedKind::CloudApi) == nullptr);  // PostgreSQL alone: no API call
  const Need* agent = find(users, NeedKind::Identity);
  REQUIRE(agent);
  CHECK(agent->peers[0].cidr == "169.254.170.23/32");
  CHECK(agent->ports[0].port == 80);
}

TEST_CASE("needs: private endpoints and datastore ranges narrow the rules", "[needs]") {
  test::TempDir dir;
  auto c = base_with(
      "{cloud_apis: {via: endpoints, cidrs: [10.1.0.0/16]}, datastores: {cidrs: [10.1.48.0/20], "
      "subnets: [subnet-0a1b2c3d4e5f60718]}}",
      dir);
  const Target& users = target(*c->model, "prod/users");
  const Need* apis = find(users, NeedKind::CloudApi);
  REQUIRE(apis);
  CHECK(apis->peers.size() == 1);
  CHECK(apis->peers[0].cidr == "10.1.0.0/16");
  const Need* db = find(users, NeedKind::Datastore);
  REQUIRE(db);
  CHECK(db->peers.size() == 1);
  CHECK(db->peers[0].cidr == "10.1.48.0/20");
  CHECK(db->ports[0].port == 5432);
}

TEST_CASE("needs: DNS per profile", "[needs]") {
  test::TempDir dir;
  auto kube = base_with("{dns: kube-dns}", dir);
  const Need* dns = find(target(*kube->model, "dev/web"), NeedKind::Dns);
  REQUIRE(dns);
  REQUIRE(dns->peers.size() == 1);
  CHECK(dns->peers[0].ns == "kube-system");
  CHECK(dns->peers[0].labels.at("k8s-app") == "kube-dns");
  test::TempDir other;
  auto local = base_with("{dns: node-local, dns_service_ip: 172.20.0.10}", other);
  dns = find(target(*local->model, "dev/web"), NeedKind::Dns);
  REQUIRE(dns);
  REQUIRE(dns->peers.size() == 3);
  CHECK(dns->peers[1].cidr == "169.254.20.10/32");
  CHECK(dns->peers[2].cidr == "172.20.0.10/32");
}

TEST_CASE("needs: an environment's platform overrides the project's field by field", "[needs]") {
  test::TempDir dir;
  auto c =
      base_with("{dns: node-local, dns_service_ip: 172.20.0.10, gateway: {cidrs: [35.191.0.0/16]}}",
                dir, "{dns: kube-dns}");
  // prod keeps node-local's gateway ranges but resolves at kube-dns; dev inherits both.
  CHECK(find(target(*c->model, "prod/web"), NeedKind::Dns)->peers.size() == 1);
  CHECK(find(target(*c->model, "dev/web"), NeedKind::Dns)->peers.size() == 3);
  const Need* pub = find(target(*c->model, "prod/web"), NeedKind::PublicTraffic, true);
  REQUIRE(pub);
  REQUIRE(pub->peers.size() == 1);
  CHECK(pub->peers[0].form == NeedPeer::Form::Range);
  CHECK(pub->peers[0].cidr == "35.191.0.0/16");
  const Need* callers = find(target(*c->model, "prod/users"), NeedKind::Caller, true);
  REQUIRE(callers);
  CHECK(callers->peers[0].ns == "web");
}
