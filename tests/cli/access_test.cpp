// `infrac access`: every example and a generated 200-service repository, evaluated as the
// cluster would evaluate their NetworkPolicies, under each platform profile of
// docs/platform.md: no need blocked, no path to a service that is not a dependency.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

json check_clean(const fs::path& root, const std::string& env) {
  CommandResult r = run_infrac("access " + env + " --format json --root " + root.string());
  INFO(root.string() << " " << env << "\n" << r.out << r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["blocked_needs"].empty());
  CHECK(j["to_non_dependencies"].empty());
  CHECK(j["workloads"].get<int>() > 0);
  CHECK(!j["open"].empty());
  return j;
}

// The platform profiles of docs/platform.md, as a spec.platform block per cloud.
const std::vector<std::string> kAwsProfiles = {
    "{dns: kube-dns, cloud_apis: {via: nat}, identity: irsa}",
    "{dns: node-local, dns_service_ip: 172.20.0.10, gateway: {namespace: envoy-gateway-system, "
    "labels: "
    "{gateway.envoyproxy.io/owning-gateway-name: public}}, cloud_apis: {via: endpoints, cidrs: "
    "[10.20.32.0/24]}, identity: pod-identity, datastores: {cidrs: [10.20.48.0/20], subnets: "
    "[subnet-0a48c1e2b3d4f5061]}}",
};
const std::vector<std::string> kGcpProfiles = {
    "{dns: kube-dns}",
    "{dns: cloud-dns, gateway: {cidrs: [35.191.0.0/16, 130.211.0.0/22]}, scraper: {namespace: "
    "gmp-system}, cloud_apis: {via: endpoints, cidrs: [199.36.153.8/30]}}",
    "{dns: node-local, dns_service_ip: 34.118.224.10, scraper: {namespace: gmp-system}}",
};

// A copy of `source` whose infrac.yaml carries `platform` as spec.platform.
fs::path with_platform(const fs::path& source, const fs::path& into, const std::string& platform) {
  fs::copy(source, into, fs::copy_options::recursive);
  std::string yaml = read_file(into / "infrac.yaml");
  auto at = yaml.find("\nspec:\n");
  REQUIRE(at != std::string::npos);
  yaml.insert(at + 7, "  platform: " + platform + "\n");
  write_file(into / "infrac.yaml", yaml);
  return into;
}

// Every public address: what the NAT profile's 443 rule admits (the private, link-local and
// shared ranges left out, each named).
const std::string kPublic =
    "0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, 100.64.0.0/10";

bool has_outside(const json& report, const std::string& from, const std::string& to, int port) {
  for (const auto& p : report["outside"]) {
    if (p["from"].get<std::string>().rfind(from, 0) == 0 && p["to"] == to && p["port"] == port)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("access: the examples block no need and open nothing else", "[cli]") {
  for (const char* example : {"examples/acme", "examples/shop-gcp", "examples/score"}) {
    for (const char* env : {"dev", "prod"}) check_clean(source_dir() / example, env);
  }
}

TEST_CASE("access: a generated repository of 200 services, on each cloud and profile", "[cli]") {
  for (const char* cloud : {"aws", "gcp"}) {
    TempDir dir;
    fs::path repo = dir.path / "repo";
    std::string generate = "python3 " + (source_dir() / "bench/gen_repo.py").string() + " 200 " +
                           repo.string() + " --cloud " + cloud + " >/dev/null";
    REQUIRE(std::system(generate.c_str()) == 0);
    check_clean(repo, "prod");
    const auto& profiles = std::string(cloud) == "gcp" ? kGcpProfiles : kAwsProfiles;
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      INFO(profiles[i]);
      check_clean(with_platform(repo, dir.path / ("p" + std::to_string(i)), profiles[i]), "prod");
    }
  }
}

TEST_CASE("access: every example under every profile of its cloud", "[cli]") {
  for (const char* example : {"examples/acme", "examples/shop-gcp", "examples/score"}) {
    fs::path source = source_dir() / example;
    bool gcp = read_file(source / "infrac.yaml").find("cloud: gcp") != std::string::npos;
    const auto& profiles = gcp ? kGcpProfiles : kAwsProfiles;
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      INFO(example << " " << profiles[i]);
      TempDir dir;
      fs::path repo = with_platform(source, dir.path / "repo", profiles[i]);
      for (const char* env : {"dev", "prod"}) check_clean(repo, env);
    }
  }
}

TEST_CASE("access: acme's IAM database logins reach STS and their databases", "[cli]") {
  // users and admin sign in to PostgreSQL with IAM authentication: the token is signed with
  // IRSA credentials from STS, over HTTPS, then the login goes to 5432 in the private ranges.
  // dev reaches AWS through NAT; prod through interface endpoints in its VPC, and its
  // databases only in their own subnets.
  json dev = check_clean(source_dir() / "examples/acme", "dev");
  json prod = check_clean(source_dir() / "examples/acme", "prod");
  for (const char* service : {"users/", "admin/"}) {
    INFO(service);
    CHECK(has_outside(dev, service, kPublic, 443));
    CHECK(has_outside(dev, service, "10.0.0.0/8", 5432));
    CHECK(has_outside(prod, service, "10.20.32.0/24", 443));
    CHECK(has_outside(prod, service, "10.20.48.0/20", 5432));
    CHECK_FALSE(has_outside(prod, service, "10.0.0.0/8", 5432));
  }
  // Under EKS Pod Identity the credentials come from the node's agent instead.
  TempDir dir;
  fs::path repo = with_platform(source_dir() / "examples/acme", dir.path / "repo", kAwsProfiles[1]);
  json pod_identity = check_clean(repo, "prod");
  CHECK(has_outside(pod_identity, "users/", "169.254.170.23/32", 80));
  CHECK(has_outside(pod_identity, "users/", "10.20.48.0/20", 5432));
  CHECK_FALSE(has_outside(pod_identity, "users/", kPublic, 443));
}

TEST_CASE("access: GKE with Cloud DNS resolves at the metadata server", "[cli]") {
  TempDir dir;
  fs::path repo =
      with_platform(source_dir() / "examples/shop-gcp", dir.path / "repo", kGcpProfiles[1]);
  json report = check_clean(repo, "prod");
  bool dns = false, gateway = false;
  for (const auto& p : report["outside"])
    dns = dns || (p["to"] == "169.254.169.254/32" && p["port"] == 53);
  for (const auto& p : report["open"])
    gateway = gateway || p["from"].get<std::string>().rfind("35.191.0.0/16/", 0) == 0;
  CHECK(dns);
  CHECK(gateway);  // the public route admits Google's front ends
}

TEST_CASE("access: a service narrows the report; an unknown one is a usage error", "[cli]") {
  fs::path acme = source_dir() / "examples/acme";
  CommandResult r = run_infrac("access dev users --format json --root " + acme.string());
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);  // kept: a range over a temporary's member would dangle
  for (const auto& p : report["open"]) {
    std::string from = p["from"], to = p["to"];
    CHECK((from.rfind("users/", 0) == 0 || to.rfind("users/", 0) == 0));
  }
  CHECK(run_infrac("access dev nobody --root " + acme.string()).exit_code == 2);
}
