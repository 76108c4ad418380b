// The reachability evaluator: reads the generated NetworkPolicies as a cluster does
// (Kubernetes' semantics: a pod is isolated in a direction once a policy of that type selects
// it; a connection needs the source's egress and the destination's ingress; pod and namespace
// selectors with matchLabels and matchExpressions, ipBlock with except, numbered and named
// ports) over every workload of an environment, plus the platform's own pods (cluster DNS, the
// gateway data plane, the metrics scraper), and compares what is open with what the target
// graph says must be: each caller reaches its callee's serving ports, the gateway its public
// components, the scraper the metrics ports, every workload DNS; and no workload reaches
// another service's port without an edge that asks for it.
// Every other need of resolve/needs.h (DNS in each profile, the cloud's APIs and credential
// endpoints, datastores' ranges, telemetry, spec egress) is proved open to an address or
// pod the platform model names, and every rule to addresses outside the cluster is listed.
// Tested by tests/unit/reachability_test.cpp and tests/cli/access_test.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/target_output.h"
#include "resolve/model.h"

namespace infrac {

// A pod as the evaluator sees it: where it runs, its labels and its container ports.
struct PodView {
  std::string ns, workload;  // workload: Deployment/CronJob/Job name, or a platform role
  std::string service;       // the infrac service it belongs to; empty for platform pods
  std::map<std::string, std::string> labels;
  std::map<std::string, int> named_ports;  // container port names -> numbers
  std::vector<int> serving_ports;          // ports its Service exposes (calls land there)
  std::vector<int> public_ports;           // of those, the ones the gateway routes to
  std::vector<int> metrics_ports;
  bool platform = false;
  // Where an ipBlock finds it: pods get an address of the pods' range; a platform address
  // (the metadata server, an endpoint, a datastore's range) gets one inside its range.
  std::string address;
};

struct Path {
  std::string from, to;  // "namespace/workload"
  int port = 0;
  std::string protocol = "TCP";
  std::string why;  // the need it serves, or the non-dependency it exposes
};

struct AccessReport {
  std::vector<PodView> pods;
  std::vector<Path> open;                 // every open path to a declared port
  std::vector<Path> blocked_needs;        // must be open, is not
  std::vector<Path> to_non_dependencies;  // open, no edge asks for it
  // Every rule that opens addresses outside the cluster, per workload: what the platform
  // model makes the egress admit ("0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, ...", "10.20.0.0/16").
  std::vector<Path> outside;
};

// Every target of `env` (their lowered Kubernetes objects by target id) evaluated together,
// with the environment's platform model (resolve/platform.h) standing for the pods and
// addresses infrac does not write: DNS, the gateway's data plane, the scraper, the cloud's
// endpoints, the datastores' ranges.
// `platforms`: the environments' platform objects (lower/platform_lower.h), whose policies
// govern the platform namespace's Jobs.
AccessReport evaluate_access(const Model& model, const std::string& env,
                             const std::map<std::string, TargetOutput>& outputs,
                             const std::vector<TargetOutput>& platforms = {});

// Kubernetes' label selector semantics (matchLabels and matchExpressions: In, NotIn,
// Exists, DoesNotExist); a null selector selects nothing, an empty one everything.
bool selector_matches(const KValue* selector, const std::map<std::string, std::string>& labels);

}  // namespace infrac
