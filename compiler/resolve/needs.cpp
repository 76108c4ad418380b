#include "resolve/needs.h"

#include <algorithm>

#include "resolve/model.h"

namespace infrac {

std::string_view need_kind_name(NeedKind kind) {
  switch (kind) {
    case NeedKind::Dns:
      return "dns";
    case NeedKind::OwnNamespace:
      return "own-namespace";
    case NeedKind::Dependency:
      return "dependency";
    case NeedKind::Datastore:
      return "datastore";
    case NeedKind::CloudApi:
      return "cloud-api";
    case NeedKind::Identity:
      return "identity";
    case NeedKind::Telemetry:
      return "telemetry";
    case NeedKind::Egress:
      return "egress";
    case NeedKind::Scrape:
      return "scrape";
    case NeedKind::Caller:
      return "caller";
    case NeedKind::PublicTraffic:
      return "public";
  }
  return "dns";
}

const std::vector<std::string>& private_ranges() {
  static const std::vector<std::string> ranges = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"};
  return ranges;
}

namespace {

NeedPeer pods(std::string ns, std::map<std::string, std::string> labels = {},
              Location origin = {}) {
  NeedPeer p;
  p.ns = std::move(ns);
  p.labels = std::move(labels);
  p.origin = origin;
  return p;
}

NeedPeer range(std::string cidr, std::vector<std::string> except = {}) {
  NeedPeer p;
  p.form = NeedPeer::Form::Range;
  p.cidr = std::move(cidr);
  p.except = std::move(except);
  return p;
}

// Any public address: never the cluster's own ranges, nor link-local 169.254.0.0/16, where
// the node serves credentials (E0154 refuses it as an egress cidr).
NeedPeer public_addresses() {
  std::vector<std::string> except = private_ranges();
  except.push_back("169.254.0.0/16");
  // Shared address space: EKS custom networking and GKE give pods addresses there too.
  except.push_back("100.64.0.0/10");
  return range("0.0.0.0/0", std::move(except));
}

std::vector<NeedPeer> peers_of(const PlatformPeers& p) {
  std::vector<NeedPeer> out;
  if (!p.ns.empty()) out.push_back(pods(p.ns, p.labels));
  for (const auto& cidr : p.cidrs) out.push_back(range(cidr));
  return out;
}

const std::map<std::string, std::string> kKubeDns = {{"k8s-app", "kube-dns"}};

Need dns_need(const Platform& platform) {
  Need n{NeedKind::Dns, false, {}, {{53, "UDP", {}}, {53, "TCP", {}}}, "DNS", {}};
  switch (platform.dns) {
    case DnsProfile::KubeDns:
      n.peers = {pods("kube-system", kKubeDns)};
      break;
    case DnsProfile::NodeLocal:
      // The cache listens on 169.254.20.10 and, in iptables mode, on the kube-dns Service's
      // address too, where pods keep sending: a policy sees that address, not a pod.
      n.peers = {pods("kube-system", kKubeDns), range("169.254.20.10/32")};
      if (!platform.dns_service_ip.empty())
        n.peers.push_back(range(platform.dns_service_ip + "/32"));
      n.why = "DNS (NodeLocal DNSCache, then CoreDNS)";
      break;
    case DnsProfile::CloudDns:
      n.peers = {range("169.254.169.254/32")};
      n.why = "DNS (GKE Cloud DNS at the metadata server)";
      break;
  }
  return n;
}

// The cloud APIs a target's grants use, as host names of the environment's region.
std::vector<std::string> cloud_api_hosts(const Model& model, const Target& t,
                                         const Environment& env) {
  bool gcp = model.project.cloud == Cloud::Gcp;
  std::vector<std::string> services;
  auto add = [&](const std::string& s) {
    if (std::find(services.begin(), services.end(), s) == services.end()) services.push_back(s);
  };
  for (const auto& ds : t.datastores) {
    if (ds.type == "bucket") add(gcp ? "storage" : "s3");
    if (ds.type == "queue") add(gcp ? "pubsub" : "sqs");
  }
  if (!t.publishes.empty()) add(gcp ? "pubsub" : "sqs");
  for (const auto& grant : t.iam) {
    for (const auto& action : grant.actions) add(action.substr(0, action.find(':')));
    if (!grant.role.empty()) add("*");  // a role's APIs are many: any Google API host
  }
  std::vector<std::string> hosts;
  for (const auto& s : services) {
    hosts.push_back(gcp ? (s == "*" ? "*.googleapis.com" : s + ".googleapis.com")
                        : s + "." + env.region + ".amazonaws.com");
  }
  return hosts;
}

// Does the workload sign in to its cloud? Buckets, queues, publishes and spec.iam use the
// cloud's APIs; PostgreSQL logins are IAM database authentication on both clouds: an RDS token
// signed with the pod's credentials, a Cloud SQL access token from the metadata server.
bool uses_credentials(const Target& t) {
  for (const auto& ds : t.datastores) {
    if (ds.type == "bucket" || ds.type == "queue" || ds.type == "postgres") return true;
  }
  return !t.publishes.empty() || !t.iam.empty();
}

void add_identity_and_apis(const Model& model, const Target& t, const Environment& env,
                           std::vector<Need>& needs) {
  if (!uses_credentials(t)) return;
  const Platform& pl = env.platform;
  std::vector<std::string> hosts = cloud_api_hosts(model, t, env);
  if (pl.identity == IdentityAgent::Irsa)
    hosts.insert(hosts.begin(), "sts." + env.region + ".amazonaws.com");
  if (!hosts.empty()) {
    Need apis{NeedKind::CloudApi, false, {}, {{443, "TCP", {}}}, "", hosts};
    if (pl.cloud_apis == CloudApiPath::Nat) {
      apis.peers = {public_addresses()};
      apis.why = "cloud APIs through NAT";
    } else {
      for (const auto& cidr : pl.cloud_api_cidrs) apis.peers.push_back(range(cidr));
      apis.why = "cloud APIs at private endpoints";
    }
    if (pl.identity == IdentityAgent::Irsa) apis.why += ", STS for IRSA credentials included";
    needs.push_back(std::move(apis));
  }
  if (pl.identity == IdentityAgent::PodIdentity) {
    needs.push_back({NeedKind::Identity,
                     false,
                     {range("169.254.170.23/32")},
                     {{80, "TCP", {}}},
                     "credentials from the EKS Pod Identity agent",
                     {}});
  } else if (pl.identity == IdentityAgent::WorkloadIdentity) {
    // Pods ask 169.254.169.254:80; on the iptables dataplane the node redirects that to the
    // metadata server at 169.254.169.252:988 before policies see it, on Dataplane V2 it
    // answers at :80 (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
    Need md{NeedKind::Identity,
            false,
            {range("169.254.169.254/32")},
            {{80, "TCP", {}}},
            "credentials from the GKE metadata server",
            {}};
    needs.push_back(md);
    md.peers = {range("169.254.169.252/32")};
    md.ports = {{988, "TCP", {}}};
    md.why += " (iptables dataplane)";
    needs.push_back(std::move(md));
  }
}

void add_datastores(const Model& model, const Target& t, const Environment& env,
                    std::vector<Need>& needs) {
  bool gcp = model.project.cloud == Cloud::Gcp;
  Need n{NeedKind::Datastore, false, {}, {}, "its databases and caches", {}};
  for (const auto& ds : t.datastores) {
    // Each port carries its datastore's line, which a plan cites when the port opens or closes.
    if (ds.type == "postgres") n.ports.push_back({5432, "TCP", ds.location});
    // Memorystore with in-transit encryption listens on 6378.
    if (ds.type == "redis") n.ports.push_back({gcp ? 6378 : 6379, "TCP", ds.location});
  }
  if (n.ports.empty()) return;
  for (const auto& cidr : env.platform.datastore_cidrs) n.peers.push_back(range(cidr));
  needs.push_back(std::move(n));
}

void add_outbound(const Model& model, const Target& t, const Environment& env,
                  std::vector<Need>& needs) {
  needs.push_back(dns_need(env.platform));
  NeedPeer own;
  own.form = NeedPeer::Form::SameNamespace;
  needs.push_back({NeedKind::OwnNamespace, false, {own}, {}, "its own pods", {}});
  std::vector<std::string> callees = model.graph.destinations(t.id(), EdgeKind::Calls);
  if (!callees.empty()) {
    Need calls{NeedKind::Dependency, false, {}, {}, "the services it calls", {}};
    for (const auto& callee : callees) {
      Location line;
      for (const auto& d : t.dependencies)
        if (d.service == callee) line = d.location;
      calls.peers.push_back(pods(callee, {}, line));
    }
    needs.push_back(std::move(calls));
  }
  add_datastores(model, t, env, needs);
  add_identity_and_apis(model, t, env, needs);
  const auto& k8s = model.project.kubernetes;
  if (!k8s.telemetry_namespace.empty()) {
    Need n{NeedKind::Telemetry, false, {pods(k8s.telemetry_namespace)}, {}, "telemetry", {}};
    for (int p : k8s.telemetry_ports) n.ports.push_back({p, "TCP", {}});
    needs.push_back(std::move(n));
  }
  for (const auto& e : t.egress) {
    Need n{NeedKind::Egress,
           false,
           {},
           {{e.port, "TCP", e.location}},
           "egress: " + (e.host.empty() ? e.cidr : e.host),
           {}};
    n.peers = {e.cidr.empty() ? public_addresses() : range(e.cidr)};
    if (!e.host.empty()) n.hosts = {e.host};
    needs.push_back(std::move(n));
  }
}

// Where the caller's spec depends on `t`: the line a plan cites when the caller's peer comes
// or goes.
Location dependency_line(const Model& model, const Target& t, const std::string& caller) {
  if (const Target* x = model.target(t.env, caller)) {
    for (const auto& d : x->dependencies)
      if (d.service == t.service) return d.location;
  }
  return {};
}

void add_inbound(const Model& model, const Target& t, const Environment& env,
                 std::vector<Need>& needs) {
  NeedPeer own;
  own.form = NeedPeer::Form::SameNamespace;
  needs.push_back({NeedKind::OwnNamespace, true, {own}, {}, "its own pods", {}});
  // Second, so that callers coming and going do not move it in a plan's diff.
  Need scrape{NeedKind::Scrape, true, peers_of(env.platform.scraper), {}, "metrics", {}};
  for (const auto& c : t.components) {
    bool seen = std::any_of(scrape.ports.begin(), scrape.ports.end(),
                            [&](const NeedPort& p) { return p.port == c.metrics_port; });
    if (c.metrics_port != 0 && !seen)
      scrape.ports.push_back({c.metrics_port, "TCP", c.metrics_location});
  }
  if (!scrape.peers.empty() && !scrape.ports.empty()) needs.push_back(std::move(scrape));
  Need callers{NeedKind::Caller, true, {}, {}, "its callers", {}};
  for (const auto& c : t.components) {
    if (serves_traffic(c.type)) callers.ports.push_back({c.port, "TCP", c.location});
  }
  for (const auto& caller : t.callers)
    callers.peers.push_back(pods(caller, {}, dependency_line(model, t, caller)));
  if (!callers.peers.empty() && !callers.ports.empty()) needs.push_back(std::move(callers));
  std::vector<NeedPeer> data_plane = peers_of(env.platform.data_plane);
  if (!t.public_url || data_plane.empty()) return;
  for (const auto& c : t.components) {
    if (!c.is_public) continue;
    needs.push_back({NeedKind::PublicTraffic,
                     true,
                     data_plane,
                     {{c.port, "TCP", c.location}},
                     "public traffic from the gateway",
                     {}});
  }
}

}  // namespace

std::vector<Need> platform_pod_needs(const Environment& env) {
  Need db{
      NeedKind::Datastore, false, {}, {{5432, "TCP", {}}}, "the databases whose roles it sets", {}};
  for (const auto& cidr : env.platform.datastore_cidrs) db.peers.push_back(range(cidr));
  return {dns_need(env.platform), std::move(db)};
}

std::vector<Need> derive_needs(const Model& model, const Target& t) {
  std::vector<Need> needs;
  const Environment* env = model.project.environment(t.env);
  if (!env) return needs;
  add_outbound(model, t, *env, needs);
  add_inbound(model, t, *env, needs);
  return needs;
}

}  // namespace infrac
