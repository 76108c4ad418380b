#include "policy/reachability.h"

#include "ir/workload_labels.h"

#include <arpa/inet.h>
#include <algorithm>
#include <cstdint>
#include <set>

namespace infrac {
namespace {

using Labels = std::map<std::string, std::string>;

// Where pods get their addresses: EKS's VPC CNI and GKE's default pod ranges are private
// 10.0.0.0/8 addresses, so an ipBlock covering that range also reaches pods.
constexpr const char* kPodAddress = "10.64.0.10";

Labels labels_of(const KValue* map) {
  Labels out;
  if (!map) return out;
  for (const auto& e : map->entries) out[e.key] = e.value.text;
  return out;
}

bool in_cidr(const std::string& address, const std::string& cidr) {
  auto slash = cidr.find('/');
  in_addr a{}, net{};
  if (inet_pton(AF_INET, address.c_str(), &a) != 1) return false;
  if (inet_pton(AF_INET, cidr.substr(0, slash).c_str(), &net) != 1) return false;
  int bits = slash == std::string::npos ? 32 : std::stoi(cidr.substr(slash + 1));
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
  return (ntohl(a.s_addr) & mask) == (ntohl(net.s_addr) & mask);
}

struct Policy {
  std::string ns;
  const KValue* spec = nullptr;
  bool ingress = false, egress = false;
};

struct Cluster {
  std::vector<PodView> pods;
  std::map<std::string, Labels> namespaces;  // labels, kubernetes.io/metadata.name included
  std::vector<Policy> policies;

  Labels namespace_labels(const std::string& ns) const {
    auto it = namespaces.find(ns);
    if (it != namespaces.end()) return it->second;
    return {{"kubernetes.io/metadata.name", ns}};
  }
};

// Does a peer (an entry of from/to) select `pod`, for a policy in namespace `policy_ns`?
bool peer_matches(const KValue& peer, const std::string& policy_ns, const PodView& pod,
                  const Cluster& cluster) {
  if (const KValue* block = peer.find("ipBlock")) {
    const KValue* cidr = block->find("cidr");
    if (!cidr || !in_cidr(pod.address, cidr->text)) return false;
    if (const KValue* except = block->find("except")) {
      for (const auto& e : except->items) {
        if (in_cidr(pod.address, e.text)) return false;
      }
    }
    return true;
  }
  const KValue* ns_selector = peer.find("namespaceSelector");
  const KValue* pod_selector = peer.find("podSelector");
  if (ns_selector) {
    if (!selector_matches(ns_selector, cluster.namespace_labels(pod.ns))) return false;
  } else if (pod.ns != policy_ns) {
    return false;  // a podSelector alone selects in the policy's own namespace
  }
  return !pod_selector || selector_matches(pod_selector, pod.labels);
}

bool port_matches(const KValue& entry, const PodView& destination, int port,
                  const std::string& protocol) {
  const KValue* p = entry.find("protocol");
  if ((p ? p->text : std::string("TCP")) != protocol) return false;
  const KValue* number = entry.find("port");
  if (!number) return true;  // every port of that protocol
  int from = number->kind == KValue::Kind::Int ? int(number->integer) : 0;
  if (number->kind == KValue::Kind::String) {
    auto named = destination.named_ports.find(number->text);
    if (named == destination.named_ports.end()) return false;
    from = named->second;
  }
  const KValue* end = entry.find("endPort");
  int to = end ? int(end->integer) : from;
  return port >= from && port <= to;
}

// Does any rule of the policies of this direction admit the peer on the port?
// `self` is the pod the policies select, `other` the one at the other end, `destination`
// the one whose ports named ports refer to.
bool direction_allows(const Cluster& c, const PodView& self, const PodView& other,
                      const PodView& destination, int port, const std::string& protocol,
                      bool egress) {
  bool isolated = false;
  for (const auto& p : c.policies) {
    if (p.ns != self.ns || !(egress ? p.egress : p.ingress)) continue;
    if (!selector_matches(p.spec->find("podSelector"), self.labels)) continue;
    isolated = true;
    const KValue* rules = p.spec->find(egress ? "egress" : "ingress");
    if (!rules) continue;
    for (const auto& rule : rules->items) {
      const KValue* peers = rule.find(egress ? "to" : "from");
      const KValue* ports = rule.find("ports");
      bool peer_ok = !peers || peers->items.empty();
      if (peers) {
        for (const auto& peer : peers->items)
          peer_ok = peer_ok || peer_matches(peer, p.ns, other, c);
      }
      if (!peer_ok) continue;
      bool port_ok = !ports || ports->items.empty();
      if (ports) {
        for (const auto& entry : ports->items)
          port_ok = port_ok || port_matches(entry, destination, port, protocol);
      }
      if (port_ok) return true;
    }
  }
  return !isolated;
}

bool allowed(const Cluster& c, const PodView& from, const PodView& to, int port,
             const std::string& protocol) {
  return direction_allows(c, from, to, to, port, protocol, true) &&
         direction_allows(c, to, from, to, port, protocol, false);
}

const KValue* pod_template(const KObject& o) {
  const KValue* spec = o.body.find("spec");
  if (!spec) return nullptr;
  if (o.kind == "CronJob") {
    const KValue* job = spec->find("jobTemplate");
    spec = job ? job->find("spec") : nullptr;
    if (!spec) return nullptr;
  }
  return spec->find("template");
}

// A workload in the target's own namespace is the service's; one infrac writes elsewhere for
// it (the database-roles Job in the platform namespace) is the platform's: it calls nothing.
void add_workload(const Target& t, const std::string& own_namespace, const KObject& o, Cluster& c) {
  const KValue* tmpl = pod_template(o);
  if (!tmpl) return;
  PodView pod;
  pod.ns = o.ns;
  pod.workload = o.name;
  pod.address = kPodAddress;
  pod.platform = o.ns != own_namespace;
  if (!pod.platform) pod.service = t.service;
  const KValue* meta = tmpl->find("metadata");
  pod.labels = labels_of(meta ? meta->find("labels") : nullptr);
  const KValue* spec = tmpl->find("spec");
  const KValue* containers = spec ? spec->find("containers") : nullptr;
  for (const auto& container : containers ? containers->items : std::vector<KValue>{}) {
    const KValue* ports = container.find("ports");
    for (const auto& p : ports ? ports->items : std::vector<KValue>{}) {
      const KValue* name = p.find("name");
      const KValue* number = p.find("containerPort");
      if (name && number) pod.named_ports[name->text] = int(number->integer);
    }
  }
  auto component = pod.labels.find("app.kubernetes.io/component");
  for (const auto& comp : pod.platform ? std::vector<Component>{} : t.components) {
    if (component == pod.labels.end() || comp.name != component->second) continue;
    if (serves_traffic(comp.type) && comp.port) pod.serving_ports.push_back(comp.port);
    if (comp.is_public && t.public_url && comp.port) pod.public_ports.push_back(comp.port);
    if (comp.metrics_port) pod.metrics_ports.push_back(comp.metrics_port);
  }
  c.pods.push_back(std::move(pod));
}

// A Namespace's labels (with the name the API server adds) and a NetworkPolicy's directions.
bool add_namespace_or_policy(const KObject& o, Cluster& c) {
  if (o.kind == "Namespace") {
    const KValue* meta = o.body.find("metadata");
    Labels labels = labels_of(meta ? meta->find("labels") : nullptr);
    labels["kubernetes.io/metadata.name"] = o.name;  // set by the API server
    c.namespaces[o.name] = std::move(labels);
    return true;
  }
  if (o.kind != "NetworkPolicy") return false;
  Policy p;
  p.ns = o.ns;
  p.spec = o.body.find("spec");
  if (!p.spec) return true;
  if (const KValue* types = p.spec->find("policyTypes")) {
    for (const auto& ty : types->items) {
      p.ingress = p.ingress || ty.text == "Ingress";
      p.egress = p.egress || ty.text == "Egress";
    }
  } else {
    p.ingress = true;
    p.egress = p.spec->find("egress") != nullptr;
  }
  c.policies.push_back(p);
  return true;
}

Cluster cluster_of(const Model& model, const std::string& env,
                   const std::map<std::string, TargetOutput>& outputs,
                   const std::vector<TargetOutput>& platforms) {
  Cluster c;
  for (const auto& p : platforms) {
    if (p.env != env) continue;
    for (const auto& o : p.kubernetes) add_namespace_or_policy(o, c);
  }
  for (const auto& t : model.targets) {
    if (t.env != env) continue;
    auto out = outputs.find(t.id());
    if (out == outputs.end()) continue;
    std::string own_namespace;
    for (const auto& o : out->second.kubernetes) {
      if (o.kind == "Namespace") own_namespace = o.name;
    }
    for (const auto& o : out->second.kubernetes) {
      if (add_namespace_or_policy(o, c)) continue;
      if (o.kind == "Deployment" || o.kind == "CronJob" || o.kind == "Job") {
        add_workload(t, own_namespace, o, c);
      }
    }
  }
  return c;
}

PodView platform_pod(const std::string& ns, const std::string& role, Labels labels) {
  PodView p;
  p.ns = ns;
  p.workload = role;
  p.labels = std::move(labels);
  p.platform = true;
  p.address = kPodAddress;
  return p;
}

std::uint32_t to_number(const std::string& address) {
  in_addr a{};
  inet_pton(AF_INET, address.c_str(), &a);
  return ntohl(a.s_addr);
}

std::string to_text(std::uint32_t number) {
  in_addr a{};
  a.s_addr = htonl(number);
  char buffer[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buffer, sizeof buffer);
  return buffer;
}

// An address inside `cidr` and outside every `except`: where the evaluator puts the thing a
// range stands for. For 0.0.0.0/0 minus the private and link-local ranges that is a public
// address (an STS or S3 endpoint's kind of address).
std::string address_in(const std::string& cidr, const std::vector<std::string>& except) {
  auto slash = cidr.find('/');
  std::uint32_t base = to_number(cidr.substr(0, slash));
  int bits = slash == std::string::npos ? 32 : std::stoi(cidr.substr(slash + 1));
  std::uint64_t size = std::uint64_t(1) << (32 - bits);
  for (std::uint64_t offset : {std::uint64_t(10), std::uint64_t(1), std::uint64_t(0), size / 2 + 10,
                               std::uint64_t(0x34000000) + 10}) {  // 52.0.0.10: AWS's
    if (offset >= size) continue;
    std::string candidate = to_text(base + std::uint32_t(offset));
    bool excluded = std::any_of(except.begin(), except.end(),
                                [&](const std::string& e) { return in_cidr(candidate, e); });
    if (!excluded) return candidate;
  }
  return to_text(base);
}

PodView endpoint(const NeedPeer& peer, const std::string& role) {
  if (peer.form == NeedPeer::Form::Range) {
    PodView p;
    p.workload = peer.cidr;
    p.platform = true;
    p.address = address_in(peer.cidr, peer.except);
    return p;
  }
  return platform_pod(peer.ns, role, peer.labels);
}

std::string where(const PodView& p) {
  return p.ns + "/" + p.workload;
}

}  // namespace

bool selector_matches(const KValue* selector, const Labels& labels) {
  if (!selector) return false;
  if (const KValue* match = selector->find("matchLabels")) {
    for (const auto& e : match->entries) {
      auto it = labels.find(e.key);
      if (it == labels.end() || it->second != e.value.text) return false;
    }
  }
  if (const KValue* exprs = selector->find("matchExpressions")) {
    for (const auto& x : exprs->items) {
      const KValue* key = x.find("key");
      const KValue* op = x.find("operator");
      const KValue* values = x.find("values");
      if (!key || !op) return false;
      auto it = labels.find(key->text);
      bool in = false;
      for (const auto& v : values ? values->items : std::vector<KValue>{})
        in = in || (it != labels.end() && it->second == v.text);
      if (op->text == "In" && !in) return false;
      if (op->text == "NotIn" && in) return false;
      if (op->text == "Exists" && it == labels.end()) return false;
      if (op->text == "DoesNotExist" && it != labels.end()) return false;
    }
  }
  return true;
}

namespace {

// The range and what it leaves out, named: "0.0.0.0/0 except 10.0.0.0/8, ..., 169.254.0.0/16".
std::string range_text(const NeedPeer& p) {
  std::string text = p.cidr;
  for (std::size_t i = 0; i < p.except.size(); ++i)
    text += (i == 0 ? " except " : ", ") + p.except[i];
  return text;
}

// Each workload's outbound needs that end outside its own namespace and outside the services
// it calls (those the pod-to-pod pass proves): DNS, datastores, cloud APIs and credentials,
// telemetry, spec egress; each peer on each port must be open.
void check_outbound_needs(const Model& model, const std::string& env, const Cluster& c,
                          AccessReport& report) {
  const Environment* environment = model.project.environment(env);
  std::vector<Need> platform_needs =
      environment ? platform_pod_needs(*environment) : std::vector<Need>{};
  for (const auto& from : c.pods) {
    const std::vector<Need>* needs = nullptr;
    if (from.platform && from.ns == kPlatformNamespace) needs = &platform_needs;
    if (const Target* x = from.platform ? nullptr : model.target(env, from.service))
      needs = &x->needs;
    if (!needs) continue;
    for (const auto& need : *needs) {
      if (need.inbound || need.kind == NeedKind::OwnNamespace || need.kind == NeedKind::Dependency)
        continue;
      for (const auto& peer : need.peers) {
        PodView to = endpoint(peer, std::string(need_kind_name(need.kind)));
        for (const auto& port : need.ports) {
          Path path{where(from), peer.form == NeedPeer::Form::Range ? range_text(peer) : where(to),
                    port.port, port.protocol, need.why};
          if (!allowed(c, from, to, port.port, port.protocol)) report.blocked_needs.push_back(path);
          if (peer.form == NeedPeer::Form::Range) report.outside.push_back(path);
        }
      }
    }
  }
}

// The platform's sources of inbound traffic: the gateway's data plane and the scraper, as
// pods or as addresses of their ranges.
std::vector<PodView> platform_sources(const Platform& platform) {
  std::vector<PodView> out;
  auto add = [&](const PlatformPeers& peers, const std::string& role) {
    if (!peers.ns.empty()) out.push_back(platform_pod(peers.ns, role, peers.labels));
    for (const auto& cidr : peers.cidrs) {
      PodView p = endpoint(NeedPeer{NeedPeer::Form::Range, {}, {}, cidr, {}, {}}, role);
      p.workload = role;
      p.ns = cidr;  // printed as "35.191.0.0/16/gateway"
      out.push_back(std::move(p));
    }
  };
  add(platform.data_plane, "gateway");
  add(platform.scraper, "scraper");
  return out;
}

}  // namespace

AccessReport evaluate_access(const Model& model, const std::string& env,
                             const std::map<std::string, TargetOutput>& outputs,
                             const std::vector<TargetOutput>& platforms) {
  Cluster c = cluster_of(model, env, outputs, platforms);
  AccessReport report;
  const Environment* environment = model.project.environment(env);
  if (!environment) return report;
  std::vector<PodView> sources = c.pods;
  for (auto& p : platform_sources(environment->platform)) sources.push_back(std::move(p));

  // The graph's calls of this environment, as (caller, callee) services, read once.
  std::set<std::pair<std::string, std::string>> call_edges;
  for (const auto& e : model.graph.edges()) {
    if (e.kind != EdgeKind::Calls || e.from.rfind(env + "/", 0) != 0) continue;
    call_edges.insert({e.from.substr(env.size() + 1), e.to.substr(env.size() + 1)});
  }
  auto calls = [&](const std::string& from, const std::string& to) {
    return call_edges.count({from, to}) > 0;
  };
  auto is_public = [](const PodView& pod, int port) {
    return std::find(pod.public_ports.begin(), pod.public_ports.end(), port) !=
           pod.public_ports.end();
  };
  for (const auto& from : sources) {
    for (const auto& to : c.pods) {
      if (to.ns == from.ns) continue;  // a service's own namespace is open by design
      auto check = [&](int port, bool needed, std::string why) {
        bool open = allowed(c, from, to, port, "TCP");
        Path path{where(from), where(to), port, "TCP", std::move(why)};
        if (open) report.open.push_back(path);
        if (needed && !open) report.blocked_needs.push_back(path);
        if (!needed && open) report.to_non_dependencies.push_back(path);
      };
      for (int port : to.serving_ports) {
        bool needed = (!from.platform && calls(from.service, to.service)) ||
                      (from.workload == "gateway" && is_public(to, port));
        check(port, needed,
              needed ? (from.platform ? "public traffic" : from.service + " calls " + to.service)
                     : "no edge from " + (from.platform ? from.workload : from.service) + " to " +
                           to.service);
      }
      for (int port : to.metrics_ports) {
        bool needed = from.workload == "scraper" && from.platform;
        check(port, needed, needed ? "metrics" : "metrics port of " + to.service);
      }
    }
  }
  check_outbound_needs(model, env, c, report);
  report.pods = std::move(c.pods);
  return report;
}

}  // namespace infrac
