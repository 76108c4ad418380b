// The cloud side of an environment's platform (lower/platform_lower.h): the identity of the
// platform namespace's secret reader and the APIs the services' modules rely on.
#include "ir/workload_labels.h"
#include "lower/backend_support.h"
#include "lower/platform_lower.h"

namespace infrac {
namespace {

TfBlock block(std::string type, std::vector<std::string> labels = {}) {
  TfBlock b;
  b.type = std::move(type);
  b.labels = std::move(labels);
  return b;
}

TfBlock condition(const std::string& test, TfExpr variable, TfExpr values) {
  TfBlock c = block("condition");
  c.set("test", TfExpr::str(test));
  c.set("variable", std::move(variable));
  c.set("values", std::move(values));
  return c;
}

TfBlock statement(const std::string& sid, const std::vector<std::string>& actions,
                  TfExpr resources) {
  TfBlock s = block("statement");
  s.set("sid", TfExpr::str(sid));
  s.set("actions", TfExpr::strings(actions));
  s.set("resources", std::move(resources));
  return s;
}

// IRSA: only the reader ServiceAccount of infrac-system may assume the role, with the audience
// the EKS Pod Identity webhook requests
// (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
void aws_trust(const Environment& env, const std::string& reader, std::vector<TfBlock>& main) {
  TfBlock cluster = block("data", {"aws_eks_cluster", "this"});
  cluster.set("name", TfExpr::str(env.cluster));
  main.push_back(std::move(cluster));
  TfBlock provider = block("data", {"aws_iam_openid_connect_provider", "this"});
  provider.set("url", TfExpr::ref("one(one(data.aws_eks_cluster.this.identity).oidc).issuer"));
  main.push_back(std::move(provider));
  TfBlock locals = block("locals");
  locals.set(
      "issuer",
      TfExpr::ref(
          "trimprefix(one(one(data.aws_eks_cluster.this.identity).oidc).issuer, \"https://\")"));
  main.push_back(std::move(locals));
  TfBlock trust = block("data", {"aws_iam_policy_document", "trust"});
  TfBlock s = block("statement");
  s.set("actions", TfExpr::strings({"sts:AssumeRoleWithWebIdentity"}));
  TfBlock principals = block("principals");
  principals.set("type", TfExpr::str("Federated"));
  principals.set("identifiers",
                 TfExpr::list({TfExpr::ref("data.aws_iam_openid_connect_provider.this.arn")}));
  s.blocks.push_back(std::move(principals));
  s.blocks.push_back(condition("StringEquals", TfExpr::ref("\"${local.issuer}:sub\""),
                               TfExpr::strings({"system:serviceaccount:" +
                                                std::string(kPlatformNamespace) + ":" + reader})));
  s.blocks.push_back(condition("StringEquals", TfExpr::ref("\"${local.issuer}:aud\""),
                               TfExpr::strings({"sts.amazonaws.com"})));
  trust.blocks.push_back(std::move(s));
  main.push_back(std::move(trust));
}

// What the reader may read: the master secrets RDS manages for the environment's instances
// (named rds!db-<uuid> by RDS, so found by the tag RDS puts on them; Secrets Manager evaluates
// secretsmanager:ResourceTag/<key> against the secret's tags,
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html), the
// connection secrets of those databases by name, and ListSecrets and BatchGetSecretValue,
// which External Secrets' find-by-tag calls (BatchGetSecretValue since 0.12) and which have no
// resource-level permissions: BatchGetSecretValue still needs GetSecretValue on each secret it
// returns, so the tag condition above decides what it reads
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html,
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html).
void aws_access(const PlatformNeeds& needs, std::vector<TfBlock>& main) {
  const Environment& env = *needs.env;
  std::string prefix = "arn:aws:secretsmanager:" + env.region + ":" + env.account + ":secret:";
  TfExpr instances = TfExpr::list(), connections = TfExpr::list();
  for (const auto& db : needs.databases) {
    instances.items.push_back(TfExpr::str(
        "arn:aws:rds:" + env.region + ":" + env.account + ":db:" + db.instance, db.location));
    connections.items.push_back(TfExpr::str(prefix + db.secret_key + "-??????", db.location));
  }
  const std::vector<std::string> read = {"secretsmanager:GetSecretValue",
                                         "secretsmanager:DescribeSecret"};
  TfBlock policy = block("data", {"aws_iam_policy_document", "access"});
  TfBlock master = statement("MasterSecrets", read, TfExpr::strings({prefix + "rds!*"}));
  master.blocks.push_back(condition(
      "StringEquals", TfExpr::str("secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn"),
      std::move(instances)));
  policy.blocks.push_back(std::move(master));
  policy.blocks.push_back(statement("ConnectionSecrets", read, std::move(connections)));
  policy.blocks.push_back(statement(
      "FindMasterSecrets", {"secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets"},
      TfExpr::strings({"*"})));
  main.push_back(std::move(policy));
}

PlatformCloud aws_platform(const Model& model, const PlatformNeeds& needs, const CloudTable& table,
                           Diagnostics& diagnostics) {
  PlatformCloud out;
  if (needs.databases.empty()) return out;
  const Environment& env = *needs.env;
  std::string name = checked_name(table, "iam_role",
                                  model.project.name + "-" + env.name + "-" + kPlatformNamespace,
                                  env.location, diagnostics);
  out.annotations.emplace_back(table.service_account_annotation,
                               "arn:aws:iam::" + env.account + ":role/" + name);
  aws_trust(env, table.secret_reader, out.main);
  aws_access(needs, out.main);
  TfBlock role = block("resource", {"aws_iam_role", "secret_reader"});
  role.set("name", TfExpr::str(name));
  role.set("assume_role_policy", TfExpr::ref("data.aws_iam_policy_document.trust.json"));
  out.main.push_back(std::move(role));
  TfBlock attach = block("resource", {"aws_iam_role_policy", "secret_reader"});
  attach.set("name", TfExpr::str("database-master-secrets"));
  attach.set("role", TfExpr::ref("aws_iam_role.secret_reader.id"));
  attach.set("policy", TfExpr::ref("data.aws_iam_policy_document.access.json"));
  out.main.push_back(std::move(attach));
  out.outputs.push_back(output_block("secret_reader_role_arn", "aws_iam_role.secret_reader.arn",
                                     "IAM role of the platform namespace's secret reader."));
  return out;
}

// The reader's Google service account, impersonated by infrac-system's reader ServiceAccount
// through GKE workload identity
// (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity). It holds no role
// here: each database's module grants it its admin and connection secrets, so it reads exactly
// the environment's databases' secrets, and only once they exist.
void gcp_reader(const Model& model, const PlatformNeeds& needs, const CloudTable& table,
                PlatformCloud& out, Diagnostics& diagnostics) {
  const Environment& env = *needs.env;
  std::string account = checked_name(table, "service_account", gcp_platform_account_id(model, env),
                                     env.location, diagnostics);
  out.annotations.emplace_back(table.service_account_annotation,
                               account + "@" + env.gcp_project + ".iam.gserviceaccount.com");
  TfBlock sa = block("resource", {"google_service_account", "secret_reader"});
  sa.set("account_id", TfExpr::str(account));
  sa.set("project", TfExpr::str(env.gcp_project));
  sa.set("display_name",
         TfExpr::str(env.name + " " + kPlatformNamespace + " secret reader (infrac)"));
  out.main.push_back(std::move(sa));
  TfBlock wi = block("resource", {"google_service_account_iam_member", "workload_identity"});
  wi.set("service_account_id", TfExpr::ref("google_service_account.secret_reader.name"));
  wi.set("role", TfExpr::str("roles/iam.workloadIdentityUser"));
  wi.set("member", TfExpr::str("serviceAccount:" + env.gcp_project + ".svc.id.goog[" +
                               kPlatformNamespace + "/" + table.secret_reader + "]"));
  out.main.push_back(std::move(wi));
  out.outputs.push_back(
      output_block("secret_reader_email", "google_service_account.secret_reader.email",
                   "Google service account of the platform namespace's secret reader."));
}

// The APIs the environment's modules and the platform's reader call, enabled once here: a
// new project has none of them. Disabling one on destroy would break every other user of the
// project's API, so they stay.
// - cloudasset: the Cloud Run rollout guard (modules/gcp/cloudrun-service) asks Cloud Asset
//   Inventory whether a service exists
//   (https://cloud.google.com/asset-inventory/docs/set-up-asset-inventory);
// - sqladmin and secretmanager: Cloud SQL instances, their users and connection secrets;
//   iamcredentials: External Secrets' workload identity mints the reader's tokens with
//   generateAccessToken
//   (https://external-secrets.io/latest/provider/google-secrets-manager/).
void gcp_apis(const PlatformNeeds& needs, PlatformCloud& out) {
  std::vector<std::string> apis;
  if (needs.cloud_run) apis.push_back("cloudasset");
  if (!needs.databases.empty())
    apis.insert(apis.end(), {"iamcredentials", "secretmanager", "sqladmin"});
  for (const auto& name : apis) {
    TfBlock api = block("resource", {"google_project_service", name});
    api.set("project", TfExpr::str(needs.env->gcp_project));
    api.set("service", TfExpr::str(name + ".googleapis.com"));
    api.set("disable_on_destroy", TfExpr::flag(false));
    out.main.push_back(std::move(api));
  }
}

PlatformCloud gcp_platform(const Model& model, const PlatformNeeds& needs, const CloudTable& table,
                           Diagnostics& diagnostics) {
  PlatformCloud out;
  if (!needs.databases.empty()) gcp_reader(model, needs, table, out, diagnostics);
  gcp_apis(needs, out);
  return out;
}

}  // namespace

PlatformCloud platform_cloud(const Model& model, const PlatformNeeds& needs,
                             const CloudTable& table, Diagnostics& diagnostics) {
  return model.project.cloud == Cloud::Aws ? aws_platform(model, needs, table, diagnostics)
                                           : gcp_platform(model, needs, table, diagnostics);
}

}  // namespace infrac
