#include "plan/list_identity.h"

#include <array>

namespace infrac {
namespace {

struct Row {
  std::string_view kind;  // "" any; "*suffix" kinds ending so; otherwise exact
  std::string_view list;  // the pattern's tail, at a '.' boundary; "^x": patterns starting x
  ListIdentity identity;
  std::string_view key = {};
};

using enum ListIdentity;

// First match wins, so narrower rows come before wider ones. Sources: Terraform compares list
// attributes by position but IAM evaluates a policy's actions and resources as sets
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
// Kubernetes merges containers, env, ports and volumes by name (the patchMergeKey of
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/), and
// evaluates a NetworkPolicy's rules, peers and ports as a union
// (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
constexpr auto kRows = std::to_array<Row>({
    // Module calls: what an identity may reach, where alarms go, which tags.
    {"*/workload-identity", "extra_statements", Set},
    {"*/workload-identity", "extra_project_roles", Set},
    {"", "bucket_arns", Set},
    {"", "queue_arns", Set},
    {"", "publish_queue_arns", Set},
    {"", "secret_arns", Set},
    {"", "database_connect_arns", Set},
    {"", "bucket_names", Set},
    {"", "topic_names", Set},
    {"", "subscription_names", Set},
    {"", "sql_instance_names", Set},
    {"", "secret_ids", Set},
    {"", "alarm_actions", Set},
    {"", "notification_channels", Set},
    {"", "allowed_cidrs", Set},
    {"", "subnet_ids", Set},
    {"", "security_group_ids", Set},
    {"", "invokers", Set},
    {"", "members", Set},
    {"", "depends_on", Set},
    {"", "invoker_service_accounts", Set},
    {"", "backend_services", Set},
    {"", "burn_rate_alerts", Set},
    {"", "log_exports", Set},
    {"gcp/public-lb", "^routes.", Set},  // each host's paths
    {"aws", "allowed_account_ids", Set},
    // Terraform settings and data sources.
    {"", "required_providers", Ordered},
    // Kubernetes: commands and arguments run in order.
    {"", "command", Ordered},
    {"", "args", Ordered},
    {"", "containers", Keyed, "name"},
    {"", "initContainers", Keyed, "name"},
    {"", "env", Keyed, "name"},
    {"", "envFrom", Set},
    {"", "volumeMounts", Keyed, "mountPath"},
    {"", "volumes", Keyed, "name"},
    {"", "containers[].ports", Keyed, "name"},
    {"Service", "spec.ports", Keyed, "name"},
    {"", "capabilities.drop", Set},
    {"", "capabilities.add", Set},
    {"", "tolerations", Set},
    {"", "topologySpreadConstraints", Keyed, "topologyKey"},
    {"", "matchLabelKeys", Set},
    {"", "imagePullSecrets", Keyed, "name"},
    {"", "matchExpressions", Set},
    {"", "matchExpressions[].values", Set},
    {"", "finalizers", Set},
    // NetworkPolicy: a union of rules, each a union of peers times a union of ports.
    {"NetworkPolicy", "spec.policyTypes", Set},
    {"NetworkPolicy", "spec.egress", Set},
    {"NetworkPolicy", "spec.ingress", Set},
    {"NetworkPolicy", "spec.egress[].to", Set},
    {"NetworkPolicy", "spec.ingress[].from", Set},
    {"NetworkPolicy", "spec.egress[].ports", Set},
    {"NetworkPolicy", "spec.ingress[].ports", Set},
    {"NetworkPolicy", "ipBlock.except", Set},
    // Gateway API: hostnames are a set; rules are matched by specificity, kept in order.
    {"HTTPRoute", "spec.hostnames", Set},
    {"HTTPRoute", "spec.parentRefs", Keyed, "name"},
    {"HTTPRoute", "spec.rules", Ordered},
    {"HTTPRoute", "spec.rules[].matches", Ordered},
    {"HTTPRoute", "spec.rules[].backendRefs", Keyed, "name"},
    {"HTTPRoute", "spec.rules[].filters", Ordered},
    // Prometheus Operator: groups by name, rules by alert or record name.
    {"PrometheusRule", "spec.groups", Keyed, "name"},
    {"PrometheusRule", "spec.groups[].rules", Keyed, "alert"},
    {"ServiceMonitor", "spec.endpoints", Keyed, "port"},
    {"ServiceMonitor", "relabelings", Ordered},        // applied in order
    {"ServiceMonitor", "sourceLabels", Ordered},       // concatenated in order
    {"HorizontalPodAutoscaler", "spec.metrics", Set},  // the largest proposal wins
    {"PodMonitor", "spec.podMetricsEndpoints", Keyed, "port"},
    // External Secrets: each key of the Kubernetes Secret by its name.
    {"ExternalSecret", "spec.data", Keyed, "secretKey"},
    {"ExternalSecret", "spec.dataFrom", Ordered},
    {"ExternalSecret", "rewrite", Ordered},  // each rewrite reads the previous one's keys
    // RBAC rules are a union; their verbs, groups and resources sets.
    {"", "rules[].verbs", Set},
    {"", "rules[].apiGroups", Set},
    {"", "rules[].resources", Set},
    {"", "rules[].resourceNames", Set},
    {"Role", "rules", Set},
    {"ClusterRole", "rules", Set},
    {"", "subjects", Set},
    // Grafana dashboards (a ConfigMap's JSON): panels by title; a panel's queries by refId,
    // template variables by name.
    {"ConfigMap", "panels", Keyed, "title"},  // ids and positions shift when one is added
    {"ConfigMap", "panels[].targets", Keyed, "refId"},
    {"ConfigMap", "fieldConfig.overrides", Ordered},
    {"ConfigMap", "templating.list", Keyed, "name"},
    {"ConfigMap", "tags", Set},
});

bool kind_matches(std::string_view row, std::string_view kind) {
  if (row.empty()) return true;
  if (row.front() == '*') return kind.ends_with(row.substr(1));
  return row == kind;
}

bool list_matches(std::string_view row, std::string_view pattern) {
  if (row.starts_with('^')) return pattern.starts_with(row.substr(1));
  if (!pattern.ends_with(row)) return false;
  return pattern.size() == row.size() || pattern[pattern.size() - row.size() - 1] == '.';
}

}  // namespace

ListRule list_rule(std::string_view kind, std::string_view pattern) {
  for (const Row& row : kRows) {
    if (kind_matches(row.kind, kind) && list_matches(row.list, pattern))
      return {row.identity, row.key, true};
  }
  // Not in the table (a patch's or a custom resource's list): Kubernetes' convention of
  // merging by name where the elements have distinct names, else by position.
  return {ListIdentity::Keyed, "name", false};
}

}  // namespace infrac
