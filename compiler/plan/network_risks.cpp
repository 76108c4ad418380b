#include "plan/network_risks.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>

#include "plan/address_ranges.h"
#include "policy/reachability.h"

namespace infrac {
namespace {

using Labels = std::map<std::string, std::string>;

// A NetworkPolicy direction: which policyType, rule list and peer list it reads, and how a
// sentence and a claim name it.
struct Direction {
  const char* type;   // Egress | Ingress
  const char* rules;  // egress | ingress
  const char* peers;  // to | from
  const char* claim;  // egress | ingress
};
constexpr Direction kEgress{"Egress", "egress", "to", "egress"};
constexpr Direction kIngress{"Ingress", "ingress", "from", "ingress"};

struct Destination {
  std::string id;                   // ip:10.0.0.0-10.127.255.255 | pod:kube-system/k8s-app=kube-dns
  std::string words;                // 10.0.0.0/8 | cluster DNS | namespace users
  std::optional<std::uint32_t> ip;  // an address range: its first address ...
  std::uint32_t last = 0;           // ... and its last
  std::string ns;
  Labels labels;
};

struct Port {
  std::string id;  // 6379/TCP, other/TCP
  int number = 0;  // 0: a port no rule names
  std::string protocol = "TCP";
};

struct Workload {
  std::string name;  // namespace/name
  std::string ns;
  Labels labels;
};

Labels match_labels(const KValue* selector) {
  Labels out;
  const KValue* m = selector ? selector->find("matchLabels") : nullptr;
  if (m)
    for (const auto& e : m->entries) out[e.key] = e.value.text;
  return out;
}

const KValue* spec_of(const KObject& o) {
  return o.body.find("spec");
}

// The policies of one direction (a policy without policyTypes has Ingress, and Egress when it
// has egress rules: Kubernetes' defaulting).
std::vector<const KObject*> policies_of(const std::vector<KObject>& objects, const Direction& dir) {
  std::vector<const KObject*> out;
  for (const auto& o : objects) {
    const KValue* spec = o.kind == "NetworkPolicy" ? spec_of(o) : nullptr;
    if (!spec) continue;
    const KValue* types = spec->find("policyTypes");
    bool selected = types ? false : dir.type == std::string_view("Ingress") || spec->find("egress");
    if (types)
      for (const auto& t : types->items) selected = selected || t.text == dir.type;
    if (selected) out.push_back(&o);
  }
  return out;
}

std::vector<Workload> workloads(const std::vector<KObject>& objects) {
  std::vector<Workload> out;
  for (const auto& o : objects) {
    const KValue* spec = spec_of(o);
    if (!spec) continue;
    const KValue* tmpl = o.kind == "Deployment" || o.kind == "Job" ? spec->find("template")
                         : o.kind == "CronJob" && spec->find("jobTemplate")
                             ? spec->find("jobTemplate")->find("spec")
                             : nullptr;
    if (o.kind == "CronJob" && tmpl) tmpl = tmpl->find("template");
    if (!tmpl) continue;
    const KValue* meta = tmpl->find("metadata");
    Labels labels;
    if (const KValue* l = meta ? meta->find("labels") : nullptr)
      for (const auto& e : l->entries) labels[e.key] = e.value.text;
    out.push_back({o.ns + "/" + o.name, o.ns, std::move(labels)});
  }
  return out;
}

// The destinations and ports the rules of both sides name.
void collect(const std::vector<const KObject*>& policies, const Direction& dir,
             const std::string& ns, std::map<std::string, Destination>& dests,
             std::map<std::string, Port>& ports, std::set<std::uint64_t>& boundaries) {
  // Every CIDR's first address and the one after its last split the address space into
  // ranges no rule tells apart: one destination each (split_ranges below).
  auto add_ip = [&](const std::string& cidr) {
    auto c = parse_cidr(cidr);
    if (!c) return;
    std::uint64_t size = std::uint64_t(1) << (32 - c->second);
    std::uint64_t first = c->first & ~(size - 1);
    boundaries.insert(first);
    boundaries.insert(first + size);
  };
  for (const KObject* p : policies) {
    const KValue* rules = spec_of(*p)->find(dir.rules);
    if (!rules) continue;
    for (const auto& rule : rules->items) {
      if (const KValue* to = rule.find(dir.peers)) {
        for (const auto& peer : to->items) {
          if (const KValue* block = peer.find("ipBlock")) {
            if (const KValue* cidr = block->find("cidr")) add_ip(cidr->text);
            if (const KValue* except = block->find("except"))
              for (const auto& e : except->items) add_ip(e.text);
            continue;
          }
          const KValue* nss = peer.find("namespaceSelector");
          Labels ns_labels = match_labels(nss);
          auto name = ns_labels.find("kubernetes.io/metadata.name");
          if (nss && name == ns_labels.end()) continue;  // not one namespace: no witness
          Destination d;
          d.ns = nss ? name->second : ns;
          d.labels = match_labels(peer.find("podSelector"));
          d.id = "pod:" + d.ns + "/";
          for (const auto& [k, v] : d.labels) d.id += k + "=" + v + ",";
          if (!d.labels.empty()) d.id.pop_back();
          d.words = d.labels.count("k8s-app") && d.labels.at("k8s-app") == "kube-dns"
                        ? "cluster DNS"
                    : d.ns == ns ? "pods of its own namespace"
                                 : "namespace " + d.ns;
          dests.emplace(d.id, d);
        }
      }
      if (const KValue* list = rule.find("ports")) {
        for (const auto& entry : list->items) {
          const KValue* number = entry.find("port");
          const KValue* protocol = entry.find("protocol");
          if (!number || number->kind != KValue::Kind::Int) continue;
          Port port{"", int(number->integer), protocol ? protocol->text : "TCP"};
          port.id = std::to_string(port.number) + "/" + port.protocol;
          ports.emplace(port.id, port);
        }
      }
    }
  }
}

// The ranges between consecutive boundaries (0 and 2^32 included) as destinations.
void split_ranges(std::set<std::uint64_t> boundaries, std::map<std::string, Destination>& dests) {
  boundaries.insert(0);
  boundaries.insert(std::uint64_t(1) << 32);
  for (auto it = boundaries.begin(); std::next(it) != boundaries.end(); ++it) {
    auto first = std::uint32_t(*it), last = std::uint32_t(*std::next(it) - 1);
    Destination d;
    d.id = "ip:" + ip_text(first) + "-" + ip_text(last);
    d.ip = first;
    d.last = last;
    dests[d.id] = d;
  }
}

bool peer_allows(const KValue& peer, const std::string& ns, const Destination& d) {
  if (const KValue* block = peer.find("ipBlock")) {
    const KValue* cidr = block->find("cidr");
    // A destination range lies wholly inside or outside every CIDR (split_ranges).
    if (!d.ip || !cidr || !in_cidr(*d.ip, cidr->text)) return false;
    if (const KValue* except = block->find("except"))
      for (const auto& e : except->items)
        if (in_cidr(*d.ip, e.text)) return false;
    return true;
  }
  if (d.ip) return false;
  const KValue* nss = peer.find("namespaceSelector");
  if (nss && !selector_matches(nss, {{"kubernetes.io/metadata.name", d.ns}})) return false;
  if (!nss && d.ns != ns) return false;
  const KValue* pods = peer.find("podSelector");
  return !pods || selector_matches(pods, d.labels);
}

bool port_allows(const KValue& entry, const Port& port) {
  const KValue* protocol = entry.find("protocol");
  if ((protocol ? protocol->text : std::string("TCP")) != port.protocol) return false;
  const KValue* number = entry.find("port");
  if (!number) return true;
  if (number->kind != KValue::Kind::Int || port.number == 0) return false;
  const KValue* end = entry.find("endPort");
  return port.number >= number->integer && port.number <= (end ? end->integer : number->integer);
}

// Whether `w` may connect to `d` on `port`; `why` gets the origin of the allowing rule's port
// (or peer) entry: the spec line that asked for it.
bool allowed(const std::vector<const KObject*>& policies, const Direction& dir, const Workload& w,
             const Destination& d, const Port& port, Location* why) {
  bool isolated = false;
  for (const KObject* p : policies) {
    const KValue* spec = spec_of(*p);
    // A policy selects pods of its own namespace only.
    if (p->ns != w.ns || !selector_matches(spec->find("podSelector"), w.labels)) continue;
    isolated = true;
    const KValue* rules = spec->find(dir.rules);
    if (!rules) continue;
    for (const auto& rule : rules->items) {
      const KValue* to = rule.find(dir.peers);
      const KValue* peer_hit = nullptr;
      if (to && !to->items.empty()) {
        for (const auto& peer : to->items)
          if (!peer_hit && peer_allows(peer, p->ns, d)) peer_hit = &peer;
        if (!peer_hit) continue;
      }
      const KValue* ports = rule.find("ports");
      const KValue* port_hit = nullptr;
      if (ports && !ports->items.empty()) {
        for (const auto& entry : ports->items)
          if (!port_hit && port_allows(entry, port)) port_hit = &entry;
        if (!port_hit) continue;
      }
      if (why) {
        const KValue* number = port_hit ? port_hit->find("port") : nullptr;
        // The peer's line first where it has one (a dependency, a caller), else the port's
        // (a datastore, an egress entry, a component).
        *why = peer_hit && peer_hit->origin.known() ? peer_hit->origin
               : number && number->origin.known()   ? number->origin
                                                    : rule.origin;
      }
      return true;
    }
  }
  return !isolated;
}

// One sentence of the plan: the workloads whose reach changes the same way on one port, for
// the same reason.
struct Sentence {
  std::set<std::string> workloads;
  std::vector<std::string> destinations;
  Location why;
  std::vector<RiskClaim> claims;
};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " and " : ", ") + words[i];
  return out;
}

// What in the spec a rule serves, from the location its port or peer carries.
std::string need_words(const Target* t, const Location& why, int port) {
  if (!t || !why.known()) return "a rule";
  for (const auto& ds : t->datastores)
    if (ds.location == why) return "the datastore " + ds.name + " (" + ds.type + ")";
  for (const auto& d : t->dependencies)
    if (d.location == why) return "the dependency on " + d.service;
  if (why.file != t->file) return "the caller's dependency on " + t->service;
  for (const auto& e : t->egress)
    if (e.location == why) return "the spec.egress entry for " + (e.host.empty() ? e.cidr : e.host);
  for (const auto& c : t->components) {
    // A component's serving and metrics rules may carry the same line: the port tells them apart.
    if (c.metrics_location == why && port == c.metrics_port)
      return "the metrics of component " + c.name;
    if (c.location == why) return "component " + c.name;
  }
  return "a rule";
}

// How many workloads share the namespace of `workload` (namespace/name).
std::size_t pods_in(const std::vector<Workload>& pods, const std::string& workload) {
  std::string ns = workload.substr(0, workload.find('/'));
  return std::count_if(pods.begin(), pods.end(), [&](const Workload& w) { return w.ns == ns; });
}

// Pods by what they are, address ranges merged (ranges_words).
std::string destination_words(const std::vector<std::string>& ids,
                              const std::map<std::string, Destination>& dests) {
  std::vector<std::string> words;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto& id : ids) {
    const Destination& d = dests.at(id);
    if (d.ip)
      ranges.emplace_back(*d.ip, d.last);
    else
      words.push_back(d.words);
  }
  if (!ranges.empty()) words.push_back(ranges_words(std::move(ranges)));
  return joined(words);
}

std::string who(const Sentence& s, std::size_t all, const std::string& target) {
  if (s.workloads.size() == all) return "pods of " + target;
  std::vector<std::string> names;
  for (const auto& w : s.workloads) names.push_back(w.substr(w.find('/') + 1));
  return "pods of " + joined(names) + " in " + target;
}

// What both sides' policies of one direction name, and how each workload's reach differs.
struct Evaluation {
  std::map<std::string, Destination> dests;
  std::map<std::string, Port> ports{{"other/TCP", {"other/TCP", 0, "TCP"}}};
  std::vector<Workload> pods;
  // (lost, reason) -> per (destination, workload) the ports that change; the reason is the
  // location of the rule that allowed it, as text, with the Location kept in why_of.
  using Reason = std::pair<bool, std::string>;
  std::map<std::tuple<Reason, std::string, std::string>, std::set<std::string>> changed;
  std::map<std::string, Location> why_of;
};

std::string location_key(const Location& at) {
  if (!at.known()) return {};
  return std::to_string(at.file) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

Evaluation evaluate(const RiskInputs& in, const Direction& dir) {
  Evaluation e;
  auto before = policies_of(in.objects_before, dir), after = policies_of(in.objects_after, dir);
  std::set<std::uint64_t> boundaries;
  collect(before, dir, in.base->service, e.dests, e.ports, boundaries);
  collect(after, dir, in.head->service, e.dests, e.ports, boundaries);
  split_ranges(std::move(boundaries), e.dests);
  e.pods = workloads(in.objects_after);
  for (const auto& w : e.pods) {
    for (const auto& [pid, port] : e.ports) {
      for (const auto& [did, d] : e.dests) {
        Location why_before, why_after;
        bool was = allowed(before, dir, w, d, port, &why_before);
        bool now = allowed(after, dir, w, d, port, &why_after);
        if (was == now) continue;
        const Location& why = was ? why_before : why_after;
        e.why_of[location_key(why)] = why;
        e.changed[{{was, location_key(why)}, did, w.name}].insert(pid);
      }
    }
  }
  return e;
}

// One sentence per (lost, reason, ports), naming its workloads and peers (a namespace's
// policies select all its pods alike, so these are the same for each).
std::map<std::pair<Evaluation::Reason, std::set<std::string>>, Sentence> sentences_of(
    const Evaluation& e, const Direction& dir) {
  std::map<std::pair<Evaluation::Reason, std::set<std::string>>, Sentence> out;
  for (const auto& [key, port_ids] : e.changed) {
    const auto& [reason, did, workload] = key;
    Sentence& s = out[{reason, port_ids}];
    s.workloads.insert(workload);
    if (std::find(s.destinations.begin(), s.destinations.end(), did) == s.destinations.end())
      s.destinations.push_back(did);
    s.why = e.why_of.at(reason.second);
    for (const auto& pid : port_ids)
      s.claims.push_back({dir.claim, workload, did + " " + pid, reason.first ? "lost" : "gained"});
  }
  return out;
}

// " on 6379/TCP", " on any port", " on 53/UDP and ports no rule names".
std::string ports_words(const std::set<std::string>& port_ids, std::size_t all) {
  std::vector<std::string> named;
  for (const auto& pid : port_ids)
    if (pid != "other/TCP") named.push_back(pid);
  if (port_ids.size() == all) return " on any port";
  if (named.empty()) return " on ports no rule names";
  return " on " + joined(named) + (port_ids.count("other/TCP") ? " and ports no rule names" : "");
}

void direction_risks(TargetPlan& tp, const RiskInputs& in, const Direction& dir) {
  Evaluation e = evaluate(in, dir);
  for (auto& [key, s] : sentences_of(e, dir)) {
    const auto& [reason, port_ids] = key;
    bool lost = reason.first;
    Side side = lost ? Side::Base : Side::Head;
    int first_port = 0;
    for (const auto& pid : port_ids)
      if (e.ports.at(pid).number != 0 && first_port == 0) first_port = e.ports.at(pid).number;
    std::string need = need_words(lost ? in.base : in.head, s.why, first_port);
    std::string because = cited(in, s.why, side, "for " + need + " at");
    if (because.empty()) because = lost ? " (the rule that opened it is gone)" : "";
    std::string pods_words = who(s, pods_in(e.pods, *s.workloads.begin()), tp.target);
    std::string others = destination_words(s.destinations, e.dests);
    std::string verb = lost ? " can no longer connect to " : " may now connect to ";
    std::string on = ports_words(port_ids, e.ports.size());
    std::string message = dir.claim == std::string_view("egress")
                              ? pods_words + verb + others + on + because
                              : others + verb + pods_words + on + because;
    tp.risks.push_back({lost ? RiskLevel::Danger : RiskLevel::Warning, std::move(message),
                        in.cite(s.why, side), std::move(s.claims)});
  }
}

}  // namespace

void add_network_risks(TargetPlan& tp, const RiskInputs& in) {
  if (!in.base || !in.head) return;
  direction_risks(tp, in, kEgress);
  direction_risks(tp, in, kIngress);
}

}  // namespace infrac
