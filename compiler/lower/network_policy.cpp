#include "lower/network_policy.h"

#include <algorithm>
#include <vector>

namespace infrac {
namespace {

KValue namespace_peer(const std::string& ns) {
  return KValue::map(
      {{"namespaceSelector",
        KValue::map(
            {{"matchLabels", KValue::map({{"kubernetes.io/metadata.name", KValue::str(ns)}})}})}});
}

KValue port_rule(int port, const char* protocol = "TCP", Location at = {}) {
  return KValue::map({{"port", KValue::num(port, at)}, {"protocol", KValue::str(protocol)}});
}

KValue ip_block(const std::string& cidr, std::vector<std::string> except = {}) {
  KValue block = KValue::map({{"cidr", KValue::str(cidr)}});
  if (!except.empty()) block.set("except", KValue::strings(except));
  return KValue::map({{"ipBlock", std::move(block)}});
}

KValue egress_rule(KValue to, std::vector<KValue> ports) {
  KValue rule = KValue::map({{"to", std::move(to)}});
  if (!ports.empty()) rule.set("ports", KValue::list_from(std::move(ports)));
  return rule;
}

// The private ranges a VPC's datastores live in (RFC 1918): a datastore's address is not
// known when infrac compiles, its range is.
std::vector<std::string> private_ranges() {
  return {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"};
}

// CoreDNS (EKS) and kube-dns (GKE) both carry k8s-app=kube-dns in kube-system.
KValue dns_rule() {
  KValue dns = namespace_peer("kube-system");
  dns.set("podSelector",
          KValue::map({{"matchLabels", KValue::map({{"k8s-app", KValue::str("kube-dns")}})}}));
  return egress_rule(KValue::list({std::move(dns)}), {port_rule(53, "UDP"), port_rule(53, "TCP")});
}

void dependency_rule(const Model& model, const Target& t, KValue& rules) {
  std::vector<std::string> callees = model.graph.destinations(t.id(), EdgeKind::Calls);
  if (callees.empty()) return;
  KValue to = KValue::list();
  for (const auto& callee : callees) {
    to.items.push_back(namespace_peer(callee));
    // The dependency's line: what a plan cites when this peer appears or goes.
    for (const auto& d : t.dependencies)
      if (d.service == callee) to.items.back().origin = d.location;
  }
  rules.items.push_back(egress_rule(std::move(to), {}));  // the callee's ingress narrows ports
}

// Databases and caches on their ports in the private ranges; buckets and queues through the
// cloud's HTTPS APIs, which answer on public addresses or on VPC endpoints' private ones.
void datastore_rules(const Model& model, const Target& t, KValue& rules) {
  bool gcp = model.project.cloud == Cloud::Gcp;
  std::vector<KValue> ports;
  bool cloud_apis = false;
  for (const auto& ds : t.datastores) {
    // Each port carries its datastore's line, which a plan cites when the port opens or closes.
    if (ds.type == "postgres") ports.push_back(port_rule(5432, "TCP", ds.location));
    // Memorystore with in-transit encryption listens on 6378.
    if (ds.type == "redis") ports.push_back(port_rule(gcp ? 6378 : 6379, "TCP", ds.location));
    if (ds.type == "bucket" || ds.type == "queue") cloud_apis = true;
  }
  if (!ports.empty()) {
    KValue to = KValue::list();
    for (const auto& range : private_ranges()) to.items.push_back(ip_block(range));
    rules.items.push_back(egress_rule(std::move(to), std::move(ports)));
  }
  if (!cloud_apis) return;
  rules.items.push_back(egress_rule(KValue::list({ip_block("0.0.0.0/0")}), {port_rule(443)}));
  // On GKE, Workload Identity hands out tokens from the metadata server (80; 988 on older
  // node versions): https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
  if (gcp) {
    rules.items.push_back(egress_rule(KValue::list({ip_block("169.254.169.254/32")}),
                                      {port_rule(80), port_rule(988)}));
  }
}

// Where the caller's spec depends on `t`: the line a plan cites when the caller's peer comes
// or goes (the callers themselves come from the target graph).
Location dependency_line(const Model& model, const Target& t, const std::string& caller) {
  auto it = std::find_if(model.targets.begin(), model.targets.end(), [&](const Target& x) {
    return x.env == t.env && x.service == caller;
  });
  if (it == model.targets.end()) return {};
  for (const auto& d : it->dependencies)
    if (d.service == t.service) return d.location;
  return {};
}

}  // namespace

KValue ingress_policy_spec(const Model& model, const Target& t) {
  KValue ingress = KValue::list();
  ingress.items.push_back(
      KValue::map({{"from", KValue::list({KValue::map({{"podSelector", KValue::map()}})})}}));
  // Prometheus scrapes every metrics endpoint (lower/k8s_lower.cpp's ServiceMonitors); second,
  // so that callers coming and going do not move it in a plan's diff.
  const std::string& prometheus = model.project.observability.prometheus_namespace;
  KValue metrics = KValue::list();
  std::vector<int> seen;
  for (const auto& c : t.components) {
    if (c.metrics_port == 0 || std::count(seen.begin(), seen.end(), c.metrics_port)) continue;
    seen.push_back(c.metrics_port);
    metrics.items.push_back(port_rule(c.metrics_port, "TCP", c.metrics_location));
  }
  if (!prometheus.empty() && !metrics.items.empty()) {
    ingress.items.push_back(KValue::map(
        {{"from", KValue::list({namespace_peer(prometheus)})}, {"ports", std::move(metrics)}}));
  }
  KValue ports = KValue::list();
  for (const auto& c : t.components) {
    if (serves_traffic(c.type)) ports.items.push_back(port_rule(c.port, "TCP", c.location));
  }
  if (!t.callers.empty() && !ports.items.empty()) {
    KValue from = KValue::list();
    for (const auto& caller : t.callers) {
      from.items.push_back(namespace_peer(caller));
      from.items.back().origin = dependency_line(model, t, caller);
    }
    ingress.items.push_back(KValue::map({{"from", std::move(from)}, {"ports", ports}}));
  }
  const std::string& gateway = model.project.kubernetes.gateway_namespace;
  if (t.public_url && !gateway.empty()) {
    for (const auto& c : t.components) {
      if (!c.is_public) continue;
      ingress.items.push_back(
          KValue::map({{"from", KValue::list({namespace_peer(gateway)})},
                       {"ports", KValue::list({port_rule(c.port, "TCP", c.location)})}}));
    }
  }
  return KValue::map({{"podSelector", KValue::map()},
                      {"policyTypes", KValue::strings({"Ingress"})},
                      {"ingress", std::move(ingress)}});
}

KValue egress_policy_spec(const Model& model, const Target& t) {
  KValue rules = KValue::list();
  rules.items.push_back(dns_rule());
  rules.items.push_back(
      egress_rule(KValue::list({KValue::map({{"podSelector", KValue::map()}})}), {}));
  dependency_rule(model, t, rules);
  datastore_rules(model, t, rules);
  const auto& k8s = model.project.kubernetes;
  if (!k8s.telemetry_namespace.empty()) {
    std::vector<KValue> ports;
    for (int p : k8s.telemetry_ports) ports.push_back(port_rule(p));
    rules.items.push_back(
        egress_rule(KValue::list({namespace_peer(k8s.telemetry_namespace)}), std::move(ports)));
  }
  // A host opens its port to public addresses only: declaring an external API never opens
  // the cluster's own network.
  for (const auto& e : t.egress) {
    // Public addresses only: never the cluster's own ranges, nor link-local 169.254.0.0/16,
    // where the node's metadata server hands out credentials (E0154 refuses it as a cidr:).
    std::vector<std::string> except = private_ranges();
    except.push_back("169.254.0.0/16");
    KValue to = e.cidr.empty() ? ip_block("0.0.0.0/0", except) : ip_block(e.cidr);
    rules.items.push_back(
        egress_rule(KValue::list({std::move(to)}), {port_rule(e.port, "TCP", e.location)}));
  }
  return KValue::map({{"podSelector", KValue::map()},
                      {"policyTypes", KValue::strings({"Egress"})},
                      {"egress", std::move(rules)}});
}

std::string egress_hosts(const Target& t) {
  std::string joined;
  for (const auto& e : t.egress) {
    if (e.host.empty()) continue;
    joined += (joined.empty() ? "" : ",") + e.host + ":" + std::to_string(e.port);
  }
  return joined;
}

}  // namespace infrac
