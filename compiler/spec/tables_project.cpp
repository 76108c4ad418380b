// infrac.yaml: the file, its environments, backend and delivery, as data
// (spec/schema_builder.h). To add a field: see tables.cpp.
#include "spec/schema_builder.h"

namespace infrac {

using namespace formats;

// infrac.yaml: one environment
const Schema* SchemaBuilder::environment_schema() {
  return object(
      {{"account", make(ValueType::StringLike), true,
        "AWS account id (aws) or GCP project id (gcp)"},
       {"cluster", str(&kCloudId), true, "the Kubernetes cluster name"},
       {"context", str(&kKubeContext), false,
        "the kubeconfig context of the cluster, for infrac ci apply, logs, exec and status "
        "(default: the cluster name)"},
       {"domain", str(&kDomain), true, "public hostnames of this environment live under it"},
       {"project", str(&kCloudId), false, "GCP project id override"},
       {"region", str(&kRegion), false, "region override"},
       {"registry", str(&kRegistry), false,
        "container registry of this environment (default: spec.registry)"},
       {"security_policy", str(&kPlainName), false,
        "gcp: Cloud Armor policy on the environment's public load balancer"},
       {"alerts", map_of(&kDnsLabel, str(&kAlertTarget), "alert targets per team"), false,
        "team -> where its alarms notify in this environment: an SNS topic ARN (aws) or a "
        "notification channel (gcp) of the environment's own account or project"},
       {"platform", platform_schema(), false,
        "this environment's platform, field by field over spec.platform"}},
      "one environment");
}

// spec.terraform: versions, the state backend, the modules, what own .tf files may declare.
const Schema* SchemaBuilder::terraform_schema() {
  const Schema* backend =
      object({{"type", enumeration({"s3", "gcs", "local"}), true, "s3 | gcs | local"},
              {"bucket", str(&kBucketName), false, "state bucket (s3, gcs)"},
              {"dynamodb_table", str(&kPlainName), false, "lock table (s3, optional)"},
              {"region", str(&kRegion), false, "state bucket region (s3; default: project region)"},
              {"prefix", str(&kRelPath), false, "key prefix inside the bucket"}},
             "the Terraform state backend rendered into every root module");
  return object({{"required_version", str(&kVersionConstraint), false,
                  "Terraform version constraint (default \">= 1.6.0\")"},
                 {"backend", backend, false, "state backend"},
                 {"modules", str(&kModulesSource), false,
                  "infrac (default), ./path, or a git source template with {module}"},
                 {"own_types",
                  object({{"resources", list_of(str(&kTerraformType), "resource types"), false,
                           "resource types added to stdlib's list"},
                          {"data_sources", list_of(str(&kTerraformType), "data source types"),
                           false, "data source types added to stdlib's list"}}),
                  false,
                  "types services' own .tf files may declare beyond stdlib's list "
                  "(E0178, docs/escape-hatches.md)"}});
}

// spec.delivery: Argo CD, and the database-roles Jobs' image.
const Schema* SchemaBuilder::delivery_schema() {
  return object(
      {{"argocd",
        object({{"repo_url", str(&kGitRepoUrl), true,
                 "the repository Argo CD reads the rendered tree from"},
                {"revision", str(&kGitRevision), false,
                 "the branch, tag or commit it tracks (default main)"},
                {"path", str(&kRelPath), false,
                 "the output directory inside that repository (default: "
                 "spec.output)"},
                {"project", str(&kDnsLabel), false, "the Argo CD project (default default)"},
                {"namespace", str(&kDnsLabel), false,
                 "the namespace Argo CD runs in (default argocd)"}}),
        false, "emit an Argo CD Application per Kubernetes target (argocd/<env>/)"},
       {"psql_image", str(&kImage), false,
        "the image of the database-roles Jobs' psql (default "
        "docker.io/library/postgres:17-alpine; pin it by digest)"}});
}

// infrac.yaml
void SchemaBuilder::build_project() {
  const Schema* environment = environment_schema();
  project_file = object(
      {{"apiVersion",
        enumeration({"infrac/v1"}, "the spec language version", "", DiagCode::kApiVersion), true,
        "infrac/v1"},
       {"kind", enumeration({"Project"}, "", "", DiagCode::kWrongKind), true, "Project"},
       {"metadata", object({{"name", str(&kDnsLabel), true, "org prefix for global names"}}), true,
        "the project's name"},
       {"spec",
        object({{"cloud", enumeration({"aws", "gcp"}), true, "aws | gcp"},
                {"region", str(&kRegion), true, "default region"},
                {"project", str(&kCloudId), false, "GCP default project id"},
                {"registry", str(&kRegistry), true, "container registry for service images"},
                {"teams", list_of(str(&kDnsLabel), "the organisation's teams"), false,
                 "when present, every service's team must be one of them"},
                {"domains", list_of(str(&kDomain), "approved public domains"), false,
                 "approved public domains (URL policy input)"},
                {"environments", map_of(&kDnsLabel, environment, "environments, in order", 1), true,
                 "ordered; at least one"},
                {"terraform", terraform_schema(), false, "Terraform settings"},
                {"kubernetes",
                 object({{"gateway",
                          object({{"name", str(&kDnsLabel), true, "Gateway name"},
                                  {"namespace", str(&kDnsLabel), true, "Gateway namespace"}}),
                          false, "parentRef of public HTTPRoutes"},
                         {"cluster_domain", str(&kDomain), false,
                          "cluster DNS domain (default cluster.local)"},
                         {"telemetry",
                          object({{"namespace", str(&kDnsLabel), true,
                                   "namespace of the telemetry collector"},
                                  {"ports", list_of(integer(1, 65535), "collector ports"), true,
                                   "ports pods send telemetry to (OTLP: 4317, 4318)"}}),
                          false, "the collector every pod may send telemetry to"}}),
                 false, "Kubernetes settings"},
                {"policies", list_of(str(&kPolicyRef), "policy packs"), false,
                 "built-in packs by name, org packs by path"},
                {"exceptions",
                 object({{"max_days", integer(1, 3650, "longest allowed exception", "180"), false,
                          "the furthest an exception's expiry may be from today (default 180)"}}),
                 false, "policy exception settings"},
                {"secrets",
                 object({{"shared",
                          list_of(object({{"key", str(&kSecretKey), true, "the shared key"},
                                          {"services", list_of(str(&kDnsLabel)), true,
                                           "the services that may read it"},
                                          {"reason", text(), false, "why it is shared"}}),
                                  "keys more than one service reads", false),
                          false,
                          "keys outside a service's own prefix, and who may read them; every "
                          "other key belongs to the service named by its first segment"}}),
                 false, "secret ownership"},
                {"observability", observability_schema(), false,
                 "metrics, alerts and dashboards (docs/observability.md)"},
                {"platform", platform_schema(), false,
                 "what infrac assumes of every environment's cluster and network "
                 "(docs/platform.md)"},
                {"delivery", delivery_schema(), false,
                 "how the rendered tree reaches the clusters (docs/ci.md)"},
                {"output", str(&kRelPath), false, "where infrac build writes (default out)"},
                {"runtime", enumeration({"kubernetes", "cloudrun"}, "", "kubernetes"), false,
                 "default runtime of every service: kubernetes, or cloudrun (gcp only)"}}),
        true, "the platform's settings"}},
      "an infrac project (infrac.yaml)");
}

}  // namespace infrac
