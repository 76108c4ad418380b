// The reachability evaluator: reads the generated NetworkPolicies as a cluster does
// (Kubernetes' semantics: a pod is isolated in a direction once a policy of that type selects
// it; a connection needs the source's egress and the destination's ingress; pod and namespace
// selectors with matchLabels and matchExpressions, ipBlock with except, numbered and named
// ports) over every workload of an environment, plus the platform's own pods (cluster DNS, the
// gateway data plane, the metrics scraper), and compares what is open with what the target
// graph says must be: each caller reaches its callee's serving ports, the gateway its public
// components, the scraper the metrics ports, every workload DNS; and no workload reaches
// another service's port without an edge that asks for it.
// Scope: connections between pods of the cluster. Paths out of it (cloud APIs, datastores
// outside the cluster) are the platform model's, not evaluated here.
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
};

// The platform pods the evaluator adds (from the project's settings).
struct PlatformPods {
  std::string dns_namespace = "kube-system";
  std::map<std::string, std::string> dns_labels = {{"k8s-app", "kube-dns"}};
  std::string gateway_namespace, scraper_namespace;
};

// Every target of `env` (their lowered Kubernetes objects by target id) evaluated together.
AccessReport evaluate_access(const Model& model, const std::string& env,
                             const std::map<std::string, TargetOutput>& outputs,
                             const PlatformPods& platform);

// Kubernetes' label selector semantics (matchLabels and matchExpressions: In, NotIn,
// Exists, DoesNotExist); a null selector selects nothing, an empty one everything.
bool selector_matches(const KValue* selector, const std::map<std::string, std::string>& labels);

}  // namespace infrac
