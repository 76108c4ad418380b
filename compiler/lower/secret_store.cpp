#include "lower/secret_store.h"

namespace infrac {

// AWS: auth.jwt takes a ServiceAccount whose token the operator exchanges for the role in its
// eks.amazonaws.com/role-arn annotation
// (https://external-secrets.io/latest/provider/aws-secrets-manager/#eks-service-account-credentials).
// Google Cloud: auth.workloadIdentity impersonates the account in the ServiceAccount's
// iam.gke.io/gcp-service-account annotation through the cluster's workload pool
// (https://external-secrets.io/latest/provider/google-secrets-manager/#using-workload-identity).
// A SecretStore's serviceAccountRef is always read in the store's own namespace.
KValue secret_store_spec(const Project& project, const Environment& env,
                         const std::string& reader) {
  KValue account = KValue::map({{"name", KValue::str(reader)}});
  KValue provider = KValue::map();
  if (project.cloud == Cloud::Aws) {
    provider.set(
        "aws",
        KValue::map(
            {{"service", KValue::str("SecretsManager")},
             {"region", KValue::str(env.region)},
             {"auth", KValue::map({{"jwt", KValue::map({{"serviceAccountRef", account}})}})}}));
  } else {
    KValue identity = KValue::map({{"clusterLocation", KValue::str(env.region)},
                                   {"clusterName", KValue::str(env.cluster)},
                                   {"clusterProjectID", KValue::str(env.gcp_project)},
                                   {"serviceAccountRef", account}});
    provider.set("gcpsm",
                 KValue::map({{"projectID", KValue::str(env.gcp_project)},
                              {"auth", KValue::map({{"workloadIdentity", std::move(identity)}})}}));
  }
  return KValue::map({{"provider", std::move(provider)}});
}

}  // namespace infrac
