// Reading spec.platform and an environment's platform: block into each Environment, and the
// checks no table can state (a profile that belongs to the other cloud, private endpoints
// without their ranges). Tested by tests/unit/needs_test.cpp and corpus cases 280-284.
#include "resolve/platform_read.h"

#include <cstdio>

#include "spec/node.h"

namespace infrac {

std::string_view dns_profile_name(DnsProfile p) {
  switch (p) {
    case DnsProfile::NodeLocal:
      return "node-local";
    case DnsProfile::CloudDns:
      return "cloud-dns";
    case DnsProfile::KubeDns:
      break;
  }
  return "kube-dns";
}

std::string_view cloud_api_path_name(CloudApiPath p) {
  return p == CloudApiPath::Endpoints ? "endpoints" : "nat";
}

std::string_view identity_agent_name(IdentityAgent a) {
  switch (a) {
    case IdentityAgent::PodIdentity:
      return "pod-identity";
    case IdentityAgent::WorkloadIdentity:
      return "workload-identity";
    case IdentityAgent::Irsa:
      break;
  }
  return "irsa";
}

namespace {

std::vector<std::string> texts(const Node* list) {
  std::vector<std::string> out;
  if (list) {
    for (const auto& item : list->items) out.push_back(item.text);
  }
  return out;
}

// The field of the environment's block when it has one, else the project's.
const MapEntry* field(const Node* env_block, const Node* project_block, std::string_view key) {
  if (env_block) {
    if (const MapEntry* e = env_block->find_entry(key)) return e;
  }
  return project_block ? project_block->find_entry(key) : nullptr;
}

void read_peers(const MapEntry* e, PlatformPeers& peers) {
  if (!e) return;
  peers.location = e->key_location;
  if (const Node* ns = e->value.find("namespace")) peers.ns = ns->text;
  if (const Node* labels = e->value.find("labels")) {
    peers.labels.clear();
    for (const auto& l : labels->entries) peers.labels[l.key] = l.value.text;
  }
  if (const Node* cidrs = e->value.find("cidrs")) {
    peers.cidrs = texts(cidrs);
    if (!e->value.find("namespace")) peers.ns.clear();  // ranges alone: no pods
  }
}

// Why a range of the platform model may not stand for the platform: wider than a /8 (a
// datastore, endpoint or data plane range that wide is every address, and opens every port
// it guards to the world), or reaching link-local 169.254.0.0/16, where the node serves
// credentials (the model opens the metadata server and agents itself, per profile).
std::string range_problem(const std::string& cidr) {
  auto slash = cidr.find('/');
  int bits = slash == std::string::npos ? 32 : std::stoi(cidr.substr(slash + 1));
  if (bits < 8) return cidr + " is wider than a /8: it stands for most of the internet";
  unsigned a = 0, b = 0;
  if (std::sscanf(cidr.c_str(), "%u.%u", &a, &b) != 2) return {};
  bool link_local = bits <= 16
                        ? ((a << 8 | b) >> (16 - bits)) == ((169u << 8 | 254u) >> (16 - bits))
                        : a == 169 && b == 254;
  return link_local ? cidr + " reaches link-local 169.254.0.0/16, where nodes serve credentials"
                    : "";
}

void check_ranges(const Environment& env, const Node* env_block, const Node* block,
                  Diagnostics& diagnostics) {
  if (!block) return;
  for (const char* owner : {"datastores", "cloud_apis", "gateway", "scraper"}) {
    const Node* cidrs = find_path(*block, {owner, "cidrs"});
    for (const auto& item : cidrs ? cidrs->items : std::vector<Node>{}) {
      std::string problem = range_problem(item.text);
      if (problem.empty()) continue;
      Diagnostic& d =
          diagnostics.add(DiagCode::kPlatformSetting, item.location,
                          (block == env_block ? "environment " + env.name + ": " : std::string()) +
                              owner + ".cidrs: " + problem);
      d.help = "name the subnets it really is (docs/platform.md)";
    }
  }
  if (const Node* ip = block->find("dns_service_ip");
      ip && !range_problem(ip->text + "/32").empty()) {
    diagnostics
        .add(DiagCode::kPlatformSetting, ip->location,
             "dns_service_ip: " + range_problem(ip->text + "/32"))
        .help = "the kube-dns Service's ClusterIP (kubectl -n kube-system get svc kube-dns)";
  }
}

// cloud_apis and datastores of one block, key by key over what earlier blocks set.
void read_apis_and_datastores(const Node& block, Platform& pl) {
  if (const Node* apis = block.find("cloud_apis")) {
    if (const Node* via = apis->find("via"))
      pl.cloud_apis = via->text == "endpoints" ? CloudApiPath::Endpoints : CloudApiPath::Nat;
    if (const Node* cidrs = apis->find("cidrs")) pl.cloud_api_cidrs = texts(cidrs);
  }
  if (const Node* ds = block.find("datastores")) {
    if (const Node* cidrs = ds->find("cidrs")) pl.datastore_cidrs = texts(cidrs);
    if (const Node* subnets = ds->find("subnets")) pl.datastore_subnets = texts(subnets);
    if (const Node* groups = ds->find("security_groups"))
      pl.datastore_security_groups = texts(groups);
  }
}

// A problem at the field's value; named with its environment when that environment's own
// block set it (a project-wide field is the same problem in every environment).
void check(const Environment& env, const Node* env_block, const MapEntry* e, bool bad,
           const std::string& message, const std::string& help, Diagnostics& diagnostics) {
  if (!e || !bad) return;
  bool own = env_block && env_block->find_entry(e->key) == e;
  Diagnostic& d = diagnostics.add(DiagCode::kPlatformSetting, e->value.location,
                                  (own ? "environment " + env.name + ": " : "") + message);
  d.help = help;
}

// "1.30", "v0.16.2" -> {1, 30, 0}; empty when it is not a version.
std::vector<int> version_parts(std::string text) {
  if (!text.empty() && text[0] == 'v') text.erase(0, 1);
  std::vector<int> parts;
  std::size_t at = 0;
  while (at <= text.size() && parts.size() < 3) {
    std::size_t end = text.find('.', at);
    std::string part = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) return {};
    parts.push_back(std::stoi(part.substr(0, 6)));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  while (parts.size() < 3) parts.push_back(0);
  return parts;
}

// The floors of what the output relies on: Kubernetes 1.30 for the preStop sleep action (on
// by default since 1.30), native sidecars (1.29) and topology spread's matchLabelKeys (1.27)
// (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/); External
// Secrets 0.16.2, the first release to serve external-secrets.io/v1, which every
// ExternalSecret and SecretStore infrac writes uses (v0.17 stops serving v1beta1:
// https://github.com/external-secrets/external-secrets/releases/tag/v0.17.0).
void check_versions(const Environment& env, const Node* env_block, const Node* project_block,
                    Diagnostics& diagnostics) {
  struct Floor {
    const char* key;
    const char* what;
    std::vector<int> floor;
    const char* relies;
  };
  static const Floor floors[] = {
      {"kubernetes", "Kubernetes", {1, 30, 0}, "the preStop sleep action and native sidecars"},
      {"external_secrets", "External Secrets", {0, 16, 2}, "the external-secrets.io/v1 API"}};
  const MapEntry* versions = field(env_block, project_block, "versions");
  if (!versions) return;
  for (const auto& f : floors) {
    const MapEntry* e = versions->value.find_entry(f.key);
    if (!e) continue;
    std::vector<int> v = version_parts(e->value.text);
    std::string floor = std::to_string(f.floor[0]) + "." + std::to_string(f.floor[1]) +
                        (f.floor[2] ? "." + std::to_string(f.floor[2]) : "");
    check(env, env_block, e, v.empty() || v < f.floor,
          std::string(f.what) + " " + e->value.text + " is older than " + floor +
              ", which infrac's output relies on (" + f.relies + ")",
          "upgrade the clusters first: docs/platform.md#versions says what needs each version",
          diagnostics);
  }
}

}  // namespace

void read_platform(const Node& spec, const Node* env_node, Project& p, Environment& env,
                   Diagnostics& diagnostics) {
  const Node* project_block = spec.find("platform");
  const Node* env_block = env_node ? env_node->find("platform") : nullptr;
  Platform& pl = env.platform;
  pl.location = env_block       ? env_block->location
                : project_block ? project_block->location
                                : env.location;
  pl.identity = p.cloud == Cloud::Gcp ? IdentityAgent::WorkloadIdentity : IdentityAgent::Irsa;
  pl.data_plane.ns = p.kubernetes.gateway_namespace;
  pl.scraper.ns = p.observability.prometheus_namespace;
  pl.datastore_cidrs = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"};

  const MapEntry* dns = field(env_block, project_block, "dns");
  if (dns) {
    const std::string& v = dns->value.text;
    pl.dns = v == "node-local"  ? DnsProfile::NodeLocal
             : v == "cloud-dns" ? DnsProfile::CloudDns
                                : DnsProfile::KubeDns;
  }
  check(env, env_block, dns, pl.dns == DnsProfile::CloudDns && p.cloud != Cloud::Gcp,
        "dns: cloud-dns is GKE's Cloud DNS, not available on aws",
        "use kube-dns (CoreDNS) or node-local (NodeLocal DNSCache) on AWS", diagnostics);
  // Nested blocks merge key by key: the project's first, then the environment's.
  for (const Node* block : {project_block, env_block}) {
    if (!block) continue;
    read_peers(block->find_entry("gateway"), pl.data_plane);
    read_peers(block->find_entry("scraper"), pl.scraper);
    read_apis_and_datastores(*block, pl);
  }
  const MapEntry* ip = field(env_block, project_block, "dns_service_ip");
  if (ip) pl.dns_service_ip = ip->value.text;
  // Unused where it is written: the block that sets it resolves with another profile (an
  // environment that turns node-local off keeps the project's address without complaint).
  bool ip_in_env = env_block && env_block->find("dns_service_ip");
  std::string project_dns = project_block ? text_at(*project_block, "dns", "kube-dns") : "kube-dns";
  std::string block_dns = ip_in_env ? text_at(*env_block, "dns", project_dns) : project_dns;
  check(env, env_block, ip, block_dns != "node-local",
        "dns_service_ip is read only with dns: node-local",
        "remove it, or set dns: node-local if the cluster runs NodeLocal DNSCache", diagnostics);
  check(env, env_block, dns, pl.dns == DnsProfile::NodeLocal && pl.dns_service_ip.empty(),
        "dns: node-local needs dns_service_ip: NodeLocal DNSCache also answers at the kube-dns "
        "Service's address, where pods keep sending their queries",
        "add dns_service_ip: the kube-dns Service's ClusterIP (kubectl -n kube-system get svc "
        "kube-dns)",
        diagnostics);

  const MapEntry* apis = field(env_block, project_block, "cloud_apis");
  check(env, env_block, apis,
        pl.cloud_apis == CloudApiPath::Endpoints && pl.cloud_api_cidrs.empty(),
        "private endpoints need the ranges they live in",
        "add cidrs: the subnets of the interface endpoints (AWS; a gateway endpoint's prefix "
        "list too) or [199.36.153.8/30] (private.googleapis.com)",
        diagnostics);

  const MapEntry* identity = field(env_block, project_block, "identity");
  if (identity) {
    const std::string& v = identity->value.text;
    pl.identity = v == "pod-identity"        ? IdentityAgent::PodIdentity
                  : v == "workload-identity" ? IdentityAgent::WorkloadIdentity
                                             : IdentityAgent::Irsa;
  }
  bool gcp_agent = pl.identity == IdentityAgent::WorkloadIdentity;
  check(env, env_block, identity, gcp_agent != (p.cloud == Cloud::Gcp),
        std::string(identity_agent_name(pl.identity)) + " is not an identity of " +
            std::string(cloud_name(p.cloud)),
        p.cloud == Cloud::Gcp ? "Google Cloud: workload-identity" : "AWS: irsa or pod-identity",
        diagnostics);

  check_versions(env, env_block, project_block, diagnostics);
  check_ranges(env, env_block, project_block, diagnostics);
  check_ranges(env, env_block, env_block, diagnostics);
  if (const MapEntry* ds = field(env_block, project_block, "datastores")) {
    check(env, env_block, ds,
          p.cloud == Cloud::Gcp &&
              !(pl.datastore_subnets.empty() && pl.datastore_security_groups.empty()),
          "subnets and security_groups place AWS datastores",
          "Cloud SQL and Memorystore join the VPC through private services access: name only "
          "cidrs",
          diagnostics);
    // Without subnets RDS and ElastiCache land in the cluster's subnets, which the egress
    // rule to these ranges may not cover: the first connection would time out.
    check(env, env_block, ds,
          p.cloud == Cloud::Aws && ds->value.find("cidrs") && pl.datastore_subnets.empty(),
          "datastores.cidrs without datastores.subnets: the databases and caches would be placed "
          "in the cluster's subnets, outside the ranges their clients may reach",
          "add subnets: the ids of the subnets those ranges are (docs/platform.md)", diagnostics);
  }
}

}  // namespace infrac
