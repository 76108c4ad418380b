#include "lower/network_policy.h"

#include <vector>

namespace infrac {
namespace {

KValue namespace_selector(const std::string& ns) {
  return KValue::map(
      {{"matchLabels", KValue::map({{"kubernetes.io/metadata.name", KValue::str(ns)}})}});
}

// A need's peer as a NetworkPolicy peer: podSelector {} (the policy's own namespace), a
// namespace with optional pod labels, or an ipBlock.
KValue peer(const NeedPeer& p) {
  KValue out;
  switch (p.form) {
    case NeedPeer::Form::SameNamespace:
      out = KValue::map({{"podSelector", KValue::map()}});
      break;
    case NeedPeer::Form::Pods: {
      out = KValue::map({{"namespaceSelector", namespace_selector(p.ns)}});
      if (!p.labels.empty()) {
        KValue labels = KValue::map();
        for (const auto& [k, v] : p.labels) labels.set(k, KValue::str(v));
        out.set("podSelector", KValue::map({{"matchLabels", std::move(labels)}}));
      }
      break;
    }
    case NeedPeer::Form::Range: {
      KValue block = KValue::map({{"cidr", KValue::str(p.cidr)}});
      if (!p.except.empty()) block.set("except", KValue::strings(p.except));
      out = KValue::map({{"ipBlock", std::move(block)}});
      break;
    }
  }
  out.origin = p.origin;  // the spec line a plan cites when this peer appears or goes
  return out;
}

KValue rule(const Need& n) {
  KValue peers = KValue::list();
  for (const auto& p : n.peers) peers.items.push_back(peer(p));
  KValue r = KValue::map({{n.inbound ? "from" : "to", std::move(peers)}});
  if (!n.ports.empty()) {
    KValue ports = KValue::list();
    for (const auto& p : n.ports) {
      ports.items.push_back(KValue::map(
          {{"port", KValue::num(p.port, p.at)}, {"protocol", KValue::str(p.protocol)}}));
    }
    r.set("ports", std::move(ports));
  }
  return r;
}

}  // namespace

KValue needs_policy_spec(const std::vector<Need>& needs, bool inbound) {
  KValue rules = KValue::list();
  for (const auto& n : needs) {
    if (n.inbound == inbound) rules.items.push_back(rule(n));
  }
  return KValue::map({{"podSelector", KValue::map()},
                      {"policyTypes", KValue::strings({inbound ? "Ingress" : "Egress"})},
                      {inbound ? "ingress" : "egress", std::move(rules)}});
}

KValue ingress_policy_spec(const Model&, const Target& t) {
  return needs_policy_spec(t.needs, true);
}

KValue egress_policy_spec(const Model&, const Target& t) {
  return needs_policy_spec(t.needs, false);
}

std::string egress_hosts(const Target& t) {
  std::string joined;
  for (const auto& e : t.egress) {
    if (e.host.empty()) continue;
    joined += (joined.empty() ? "" : ",") + e.host + ":" + std::to_string(e.port);
  }
  return joined;
}

std::string hosts_not_enforced(const Target& t) {
  std::string joined;
  for (const auto& n : t.needs) {
    bool wide = false;
    for (const auto& p : n.peers)
      wide = wide || (p.form == NeedPeer::Form::Range && p.cidr == "0.0.0.0/0");
    if (!wide) continue;
    for (const auto& h : n.hosts) {
      for (const auto& port : n.ports)
        joined += (joined.empty() ? "" : ",") + h + ":" + std::to_string(port.port);
    }
  }
  return joined;
}

}  // namespace infrac
