// What each workload must reach and what must reach it, derived once per target from the
// spec, the target graph and the environment's platform model (resolve/platform.h):
// - out: DNS; its own namespace; the services it calls; its datastores' ports where
//   datastores live; the cloud APIs its grants use and the endpoint that hands out its
//   credentials; the telemetry collector; the spec's egress: destinations;
// - in: its own namespace; the scraper on metrics ports; its callers on serving ports; the
//   gateway's data plane on public components.
// The NetworkPolicies (lower/network_policy.cpp) are these needs written as rules, the
// reachability evaluator (policy/reachability.cpp) proves each need open on the final
// objects, and docs/platform.md explains them: nothing else decides a network path.
// Tested by tests/unit/needs_test.cpp and tests/cli/access_test.cpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

struct Model;
struct Target;
struct Environment;

enum class NeedKind {
  Dns,
  OwnNamespace,
  Dependency,
  Datastore,
  CloudApi,
  Identity,
  Telemetry,
  Egress,  // the spec's egress: entries
  Scrape,
  Caller,
  PublicTraffic,
};
std::string_view need_kind_name(NeedKind kind);  // dns, own-namespace, dependency, ...

// One end of a need, as a NetworkPolicy peer names it.
struct NeedPeer {
  enum class Form { SameNamespace, Pods, Range };
  Form form = Form::Pods;
  std::string ns;                             // Pods: the namespace
  std::map<std::string, std::string> labels;  // Pods: empty means every pod there
  std::string cidr;                           // Range
  std::vector<std::string> except;            // Range
  Location origin;  // the spec line that asked for this peer (a plan cites it)
};

struct NeedPort {
  int port = 0;
  std::string protocol = "TCP";
  Location at;
};

struct Need {
  NeedKind kind = NeedKind::Dns;
  bool inbound = false;
  std::vector<NeedPeer> peers;
  std::vector<NeedPort> ports;  // empty: every port (a callee's own ingress narrows)
  std::string why;              // in words: "DNS", "credentials from STS (irsa)", ...
  // Host names this need is for that a NetworkPolicy cannot name: its range admits more
  // than these hosts (any public address on the port, under nat).
  std::vector<std::string> hosts;
};

std::vector<Need> derive_needs(const Model& model, const Target& t);

// What the platform namespace's pods (the database-roles Jobs, lower/platform_lower.h) must
// reach: DNS, and PostgreSQL where the environment's datastores live. Nothing reaches them.
std::vector<Need> platform_pod_needs(const Environment& env);

// The ranges of RFC 1918, where pods, VPCs and their private endpoints get addresses.
const std::vector<std::string>& private_ranges();

}  // namespace infrac
