// spec-v1's string formats, as data (see formats.h).
#include "spec/formats.h"

#include "spec/cron.h"
#include "spec/duration.h"
#include "spec/label_values.h"
#include "spec/public_url.h"
#include "spec/quantity.h"
#include "spec/slo_values.h"
#include "spec/timezones.h"

namespace infrac {
namespace formats {

const Format kDnsLabel{"dns_label", "[a-z]([-a-z0-9]*[a-z0-9])?",
                       "a DNS-1123 label: lowercase letters, digits and '-', starting with a "
                       "letter, at most 63 characters",
                       63, DiagCode::kInvalidName};
const Format kEnvName{"env_name", "[A-Z_][A-Z0-9_]*",
                      "an environment variable name: upper-case letters, digits and '_'", 128};
// The patterns of the next four are the JSON Schema's approximation; the checks decide.
const Format kDuration{"duration",
                       "([0-9]+h)?([0-9]+m)?([0-9]+s)?",
                       "a duration such as 90s, 15m or 1h30m (at most 720h)",
                       32,
                       DiagCode::kInvalidFormat,
                       check_timeout,
                       DiagCode::kInvalidDuration};
const Format kCron{"cron",
                   "(@(yearly|annually|monthly|weekly|daily|midnight|hourly))|([0-9*/,A-Za-z-]+( "
                   "+[0-9*/,A-Za-z-]+){4})",
                   "a five-field cron schedule such as \"0 3 * * *\"",
                   128,
                   DiagCode::kInvalidFormat,
                   check_cron_any,
                   DiagCode::kInvalidSchedule};
const Format kTimezone{"timezone",
                       "[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*",
                       "an IANA time zone such as Asia/Tokyo",
                       64,
                       DiagCode::kInvalidFormat,
                       check_time_zone,
                       DiagCode::kUnknownTimeZone};
const Format kCpu{"cpu_quantity",
                  "([0-9]+m)|([0-9]+(\\.[0-9]{1,3})?)",
                  "a CPU quantity such as 250m or 1.5",
                  16,
                  DiagCode::kInvalidFormat,
                  check_cpu,
                  DiagCode::kInvalidQuantity};
const Format kMemory{"memory_quantity",
                     "[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?",
                     "a memory quantity such as 256Mi or 1Gi",
                     16,
                     DiagCode::kInvalidFormat,
                     check_memory,
                     DiagCode::kInvalidQuantity};
const Format kHttpPath{"http_path", "/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*",
                       "an absolute HTTP path such as /healthz", 1024};
const Format kUrl{"url",
                  "https?://[a-z0-9.-]+(/[^\\s?#]*)?",
                  "an absolute URL such as https://api.example.com/payments (no port, query or "
                  "fragment)",
                  2048,
                  DiagCode::kInvalidUrl,
                  check_public_url,
                  DiagCode::kInvalidUrl};
const Format kImage{"image", "[a-z0-9]([a-z0-9._/:@-]*[A-Za-z0-9_.-])?",
                    "a container image reference with a tag or digest, such as payments:1.4.2",
                    512};
const Format kSecretKey{"secret_key", "[A-Za-z0-9][A-Za-z0-9/_+=.@-]*",
                        "a key in the secret manager, such as payments/stripe", 512};
const Format kDomain{"domain", "([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                     "a lowercase DNS name such as acme.example", 253};
const Format kRegion{"region", "[a-z][a-z0-9-]*[0-9]", "a cloud region such as eu-west-1", 64};
const Format kRegistry{"registry", "[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?",
                       "a container registry and path prefix", 255};
const Format kCloudId{"cloud_id", "[a-z0-9]([a-z0-9-]*[a-z0-9])?",
                      "an AWS account id (12 digits) or a GCP project id", 64};
const Format kRelPath{"relative_path", "[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*",
                      "a relative path inside the repository, without '..'", 255};
const Format kPolicyRef{"policy_ref",
                        "(infrac/[a-z][a-z0-9-]*)|(\\./[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_]"
                        "[A-Za-z0-9._-]*)*)",
                        "a built-in pack (infrac/NAME) or a repository path (./policies)", 255};
// A git template must be pinned (?ref=) and carry no other options (no sshkey=, no file::),
// so a spec cannot make Terraform fetch code from an unpinned or local source.
const Format kModulesSource{
    "modules_source",
    "(infrac)|((\\./)?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*)|"
    "(git::(https|ssh)://[A-Za-z0-9@.:-]+/[A-Za-z0-9._/-]*\\{module\\}[A-Za-z0-9._/-]*"
    "\\?ref=[A-Za-z0-9._-]+)",
    "infrac, a repository path such as ./modules, or a pinned git template "
    "git::https://host/org/modules.git//{module}?ref=v1.2.0",
    1024};
const Format kVersionConstraint{"version_constraint", "[0-9<>=~!., ]+",
                                "a Terraform version constraint such as \">= 1.6.0\"", 64};
const Format kBucketName{"bucket_name", "[a-z0-9][a-z0-9._-]*[a-z0-9]", "a bucket name", 63};
const Format kDatastoreType{"datastore_type", "[a-z][a-z0-9-]*",
                            "a datastore type such as postgres, redis, bucket or queue", 32};
const Format kIpv4{"ipv4",
                   "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-"
                   "9]|[1-9]?[0-9])){3}",
                   "an IPv4 address such as 172.20.0.10", 15};
const Format kCidr{"cidr",
                   "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-"
                   "9]|[1-9]?[0-9])){3}/"
                   "(3[0-2]|[12]?[0-9])",
                   "an IPv4 CIDR block such as 10.20.0.0/16", 18};
const Format kObjective{"objective",
                        "[0-9]{1,2}(\\.[0-9]{1,3})?",
                        "a percentage such as 99.9",
                        8,
                        DiagCode::kInvalidFormat,
                        check_objective,
                        DiagCode::kInvalidSlo};
const Format kLatency{"latency",
                      "[0-9]+ms|[0-9]+(\\.[0-9]{1,3})?s",
                      "a latency such as 250ms or 1s",
                      16,
                      DiagCode::kInvalidFormat,
                      check_latency_threshold,
                      DiagCode::kInvalidSlo};
const Format kOtlpEndpoint{"otlp_endpoint", "https?://[a-z0-9.-]+(:[0-9]{1,5})?(/[^\\s?#]*)?",
                           "an OTLP endpoint URL such as http://otel-collector.observability:4317",
                           2048};
// A kubeconfig context: EKS names them by ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME), GKE
// gke_PROJECT_LOCATION_NAME; either fits.
const Format kKubeContext{
    "kube_context", "[A-Za-z0-9][A-Za-z0-9_.:/@-]*",
    "a kubeconfig context name such as prod-main or gke_acme_europe-west1_main", 253};
// Where Argo CD reads the rendered tree: an https or ssh git URL without credentials.
const Format kGitRepoUrl{
    "git_repo_url",
    "(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._/-]+)|(git@[A-Za-z0-9.-]+:"
    "[A-Za-z0-9._/-]+)",
    "a git URL without credentials, such as https://github.com/acme/platform.git", 2048};
const Format kGitRevision{"git_revision", "[A-Za-z0-9_][A-Za-z0-9_./-]*",
                          "a branch, tag or commit such as main", 255};
// SNS topics (aws) and Cloud Monitoring notification channels (gcp); resolve/ checks the
// account or project is the environment's own.
const Format kAlertTarget{
    "alert_target",
    "(arn:aws:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256})|(projects/"
    "[a-z][a-z0-9-]{4,28}[a-z0-9]/"
    "notificationChannels/[0-9]+)",
    "an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) or a Cloud Monitoring notification channel "
    "(projects/PROJECT/notificationChannels/ID)",
    512};
const Format kPlainName{"name", "[A-Za-z0-9][A-Za-z0-9._-]*", "a name", 253};
// Kubernetes label and annotation keys: an optional DNS prefix and '/', then a name of at most
// 63 characters (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/).
const Format kLabelKey{"label_key",
                       "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?",
                       "a Kubernetes label key: [prefix/]name, such as example.com/team",
                       317,
                       DiagCode::kInvalidFormat,
                       check_label_key};
// Label values (labels, node selectors, toleration values): empty, or at most 63 characters
// alphanumeric at both ends; the API server refuses anything else.
const Format kLabelValue{"label_value",
                         "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?",
                         "a Kubernetes label value: at most 63 letters, digits, '-', '_' and "
                         "'.', beginning and ending with a letter or digit",
                         63,
                         DiagCode::kInvalidFormat,
                         check_label_value};
const Format kQueueRef{"queue_ref", "[a-z]([-a-z0-9]*[a-z0-9])?\\.[a-z]([-a-z0-9]*[a-z0-9])?",
                       "<service>.<queue>: a queue datastore of another service", 127};
const Format kIamAction{"iam_action", "[a-z0-9-]+:[A-Za-z0-9*]+",
                        "an IAM action such as sqs:SendMessage", 128};
const Format kArn{"arn", "arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9*]*:[^\\s]+",
                  "an ARN such as arn:aws:s3:::bucket/*", 2048};
// A Terraform resource or data source type: the provider's name, '_', the rest
// (https://developer.hashicorp.com/terraform/language/resources/syntax#resource-types). Named
// exactly: infrac.yaml allows one reviewed type at a time, never a prefix.
const Format kTerraformType{"terraform_type", "[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]",
                            "a Terraform resource or data source type such as aws_lambda_function",
                            128};
// Predefined roles, and custom ones of a project or an organization (read so that E0140 can
// refuse them by name: https://cloud.google.com/iam/docs/creating-custom-roles).
const Format kGcpRole{"gcp_role",
                      "(roles|projects/[a-z0-9-]+/roles|organizations/[0-9]+/roles)/[A-Za-z0-9_.]+",
                      "a Google Cloud role such as roles/cloudtrace.agent", 256};

}  // namespace formats

using namespace formats;

const Format& dns_label_format() {
  return kDnsLabel;
}
const Format& env_name_format() {
  return kEnvName;
}

const std::vector<const Format*>& all_formats() {
  static const std::vector<const Format*> formats = {&kDnsLabel,
                                                     &kEnvName,
                                                     &kDuration,
                                                     &kCron,
                                                     &kTimezone,
                                                     &kCpu,
                                                     &kMemory,
                                                     &kHttpPath,
                                                     &kUrl,
                                                     &kImage,
                                                     &kSecretKey,
                                                     &kDomain,
                                                     &kRegion,
                                                     &kRegistry,
                                                     &kCloudId,
                                                     &kRelPath,
                                                     &kPolicyRef,
                                                     &kModulesSource,
                                                     &kVersionConstraint,
                                                     &kBucketName,
                                                     &kDatastoreType,
                                                     &kCidr,
                                                     &kObjective,
                                                     &kLatency,
                                                     &kOtlpEndpoint,
                                                     &kAlertTarget,
                                                     &kKubeContext,
                                                     &kGitRepoUrl,
                                                     &kGitRevision,
                                                     &kPlainName,
                                                     &kLabelKey,
                                                     &kLabelValue,
                                                     &kIpv4,
                                                     &kQueueRef,
                                                     &kIamAction,
                                                     &kArn,
                                                     &kGcpRole,
                                                     &kTerraformType};
  return formats;
}

}  // namespace infrac
