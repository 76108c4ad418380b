// spec-v1, as data. To add a field: add a row here, handle it in resolve/build_model.cpp,
// document it in docs/spec-language.md (CONTRIBUTING.md walks through it).
#include <deque>

#include "spec/cron.h"
#include "spec/duration.h"
#include "spec/label_values.h"
#include "spec/public_url.h"
#include "spec/quantity.h"
#include "spec/schema.h"
#include "spec/slo_values.h"
#include "spec/timezones.h"

namespace infrac {
namespace {

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
const Format kGcpRole{"gcp_role", "(roles|projects/[a-z0-9-]+/roles)/[A-Za-z0-9_.]+",
                      "a Google Cloud role such as roles/cloudtrace.agent", 256};

// Owns every schema node; the tables are built once and never change.
class Tables {
 public:
  Tables() { build(); }
  const Schema* project_file = nullptr;
  const Schema* service_file = nullptr;
  const Schema* service_spec = nullptr;

 private:
  std::deque<Schema> nodes_;

  Schema* make(ValueType type, std::string description = {}) {
    nodes_.emplace_back();
    nodes_.back().type = type;
    nodes_.back().description = std::move(description);
    return &nodes_.back();
  }
  const Schema* str(const Format* format, std::string description = {}) {
    Schema* s = make(ValueType::String, std::move(description));
    s->format = format;
    return s;
  }
  const Schema* text(std::string description = {}) {
    return make(ValueType::StringLike, std::move(description));
  }
  // A string, number or boolean whose text (booleans aside) has `format`.
  const Schema* text(const Format* format, std::string description) {
    Schema* s = make(ValueType::StringLike, std::move(description));
    s->format = format;
    return s;
  }
  const Schema* integer(std::int64_t lo, std::int64_t hi, std::string description = {},
                        std::string default_text = {}) {
    Schema* s = make(ValueType::Int, std::move(description));
    s->minimum = lo;
    s->maximum = hi;
    s->default_text = std::move(default_text);
    return s;
  }
  const Schema* boolean(std::string description = {}, std::string default_text = {}) {
    Schema* s = make(ValueType::Bool, std::move(description));
    s->default_text = std::move(default_text);
    return s;
  }
  const Schema* enumeration(std::vector<std::string> values, std::string description = {},
                            std::string default_text = {}, DiagCode code = DiagCode::kInvalidEnum) {
    Schema* s = make(ValueType::Enum, std::move(description));
    s->values = std::move(values);
    s->default_text = std::move(default_text);
    s->enum_code = code;
    return s;
  }
  const Schema* object(std::vector<Field> fields, std::string description = {}) {
    Schema* s = make(ValueType::Object, std::move(description));
    s->fields = std::move(fields);
    return s;
  }
  const Schema* map_of(const Format* keys, const Schema* items, std::string description = {},
                       std::size_t min_entries = 0) {
    Schema* s = make(ValueType::MapOf, std::move(description));
    s->key_format = keys;
    s->items = items;
    s->min_entries = min_entries;
    return s;
  }
  const Schema* list_of(const Schema* items, std::string description = {}, bool unique = true) {
    Schema* s = make(ValueType::ListOf, std::move(description));
    s->items = items;
    s->unique_items = unique;
    return s;
  }
  const Schema* one_of(std::vector<const Schema*> alternatives, std::string description = {}) {
    Schema* s = make(ValueType::OneOf, std::move(description));
    s->alternatives = std::move(alternatives);
    return s;
  }

  void build();
  const Schema* component_schema();
  const Schema* security_schema();
  const Schema* kubernetes_escape_schema();
  const Schema* datastore_schema();
  const Schema* slo_schema();
  const Schema* environment_schema();
  const Schema* observability_schema();
  const Schema* platform_schema();
  const Schema* platform_ = nullptr;
  void build_service();
  void build_project();
};

void Tables::build() {
  build_service();
  build_project();
}

// service.yaml: spec.security and a component's security
const Schema* Tables::security_schema() {
  return object(
      {{"run_as_user", integer(1, 2147483647, "a numeric user id other than root", "65532"), false,
        "numeric user id the containers run as (runAsUser; default from stdlib: 65532)"},
       {"run_as_group", integer(1, 2147483647, "a numeric group id other than root", "65532"),
        false,
        "numeric primary group id of the containers (runAsGroup; default from stdlib: 65532)"}},
      "the pods' numeric user and group: restricted pods must not run as root, and an image "
      "whose USER is a name cannot prove it is not");
}

// service.yaml: one component
const Schema* Tables::component_schema() {
  const Schema* replicas_object =
      object({{"min", integer(0, 1000, "minimum replicas"), true, "minimum replicas"},
              {"max", integer(1, 1000, "maximum replicas; autoscaling when max > min"), false,
               "maximum replicas; autoscaling when greater than min"}});
  const Schema* replicas = one_of({integer(0, 1000, "a fixed replica count"), replicas_object},
                                  "a fixed count, or {min, max} for autoscaling");
  return object(
      {{"type", enumeration({"http", "grpc", "worker", "cron", "job"}, "what the component is"),
        true, "http | grpc | worker | cron | job"},
       {"port", integer(1, 65535, "listening port", "8080"), false,
        "listening port (http and grpc only; default 8080)"},
       {"command", list_of(text(), "the container command", false), false, "container command"},
       {"args", list_of(text(), "the container arguments", false), false, "container arguments"},
       {"replicas", replicas, false, "replica count or {min, max} (default 1)"},
       {"autoscale",
        object({{"cpu", integer(1, 100, "target CPU utilisation in percent", "70"), false,
                 "target CPU %"}}),
        false, "autoscaling target (when replicas.max > replicas.min)"},
       {"resources",
        object({{"cpu", str(&kCpu), false, "CPU request (default from stdlib)"},
                {"memory", str(&kMemory), false,
                 "memory request, and limit unless memory_limit says otherwise (default from "
                 "stdlib)"},
                {"memory_limit", str(&kMemory), false,
                 "memory limit, at least the request (default: the request; on Cloud Run, the "
                 "instance's memory)"}}),
        false, "resource requests and the memory limit"},
       {"security", security_schema(), false,
        "the numeric user and group the pods run as (default: spec.security, else stdlib)"},
       {"health",
        object({{"path", str(&kHttpPath), false,
                 "http: readiness path (default /healthz); worker: the health endpoint's path "
                 "(with port)"},
                {"liveness", str(&kHttpPath), false,
                 "http: a cheap liveness path that never checks downstreams (default: a TCP "
                 "check of the port)"},
                {"port", integer(1, 65535, "worker: port of an HTTP health endpoint"), false,
                 "worker: port of an HTTP health endpoint"},
                {"command", list_of(text(), "worker: a health command", false), false,
                 "worker: a command that exits 0 while the worker is healthy"},
                {"startup", str(&kDuration), false,
                 "time a start may take before liveness applies (default 60s)"}}),
        false,
        "health checks (http: readiness path, default /healthz; grpc: gRPC health protocol; "
        "worker: port and path, or command)"},
       {"metrics",
        one_of({boolean("false: the component exports no metrics"),
                object({{"via", enumeration({"prometheus", "otlp"}), false,
                         "prometheus: the pod serves them and is scraped; otlp: the SDK pushes "
                         "them to the collector (default: spec.observability.metrics.via)"},
                        {"port", integer(1, 65535, "metrics port", "9090"), false,
                         "via prometheus: port of the Prometheus metrics endpoint (default 9090)"},
                        {"path", str(&kHttpPath), false,
                         "via prometheus: path of the endpoint (default /metrics)"}})},
               "how metrics reach Prometheus: {via, port, path}, or false"),
        false,
        "how the component's metrics reach Prometheus {via, port, path} (http, grpc, worker; "
        "default: via the project's choice, 9090 /metrics), or false for none"},
       {"expose", enumeration({"public", "internal"}, "", "internal"), false,
        "public (through the project gateway) or internal (default)"},
       {"consumes", list_of(str(&kDnsLabel), "queue datastores this worker reads"), false,
        "names of this service's queue datastores (worker only)"},
       {"schedule", str(&kCron), false, "cron schedule (cron only, required there)"},
       {"timezone", str(&kTimezone), false, "time zone of the schedule (cron only)"},
       {"timeout", str(&kDuration), false, "deadline of one run (cron and job only)"},
       {"run", enumeration({"once", "every-deploy", "before-rollout"}, "", "once"), false,
        "job only: once (per change of its definition; a new image tag alone does not re-run "
        "it), every-deploy (per deployed image), or before-rollout (a migration: per deployed "
        "image, to completion before the service's pods roll out)"},
       {"rollout",
        object({{"percent", integer(0, 100, "share of traffic for this template's revision"), true,
                 "percent of traffic to the revision of this spec (0: deployed, tagged, no "
                 "traffic); the rest stays on the revision serving now"},
                {"stable", str(&kImage), false,
                 "Kubernetes (required there): the image the stable Deployment keeps serving, "
                 "the one running now; Cloud Run reads it from the live service"}}),
        false,
        "public http components: a canary (Cloud Run: a traffic split between revisions; "
        "Kubernetes: a canary Deployment behind weighted HTTPRoute backends); promote by "
        "removing rollout"},
       {"renamed_from", str(&kDnsLabel), false,
        "the component's previous name: Terraform state moves to the new name and Cloud Run "
        "keeps its service or job (Kubernetes objects are renamed)"},
       {"kubernetes", kubernetes_escape_schema(), false,
        "escape hatch (Kubernetes runtime): pod annotations, labels, node selector, "
        "tolerations and sidecars, each reported by the escape.* policy rules"}},
      "a deployable part of the service");
}

// service.yaml: a component's kubernetes: escape hatch
const Schema* Tables::kubernetes_escape_schema() {
  const Schema* toleration = object(
      {{"key", str(&kLabelKey), false, "the taint key (none with operator Exists: every taint)"},
       {"operator", enumeration({"Equal", "Exists"}, "", "Equal"), false, "Equal | Exists"},
       {"value", text(&kLabelValue, "the taint value"), false, "the taint value (operator Equal)"},
       {"effect", enumeration({"NoSchedule", "PreferNoSchedule", "NoExecute"}), false,
        "the taint effect (none: every effect)"},
       {"seconds", integer(0, 86400, "NoExecute: seconds the pod stays"), false,
        "NoExecute: how long the pod stays bound after the taint appears"}},
      "a pod toleration");
  const Schema* sidecar = object(
      {{"image", str(&kImage), true, "container image (from the project registry)"},
       {"command", list_of(text(), "the container command", false), false, "container command"},
       {"args", list_of(text(), "the container arguments", false), false, "container arguments"},
       {"port", integer(1, 65535, "a port the sidecar listens on"), false,
        "a port the sidecar listens on (pod-local)"},
       {"resources",
        object(
            {{"cpu", str(&kCpu), false, "CPU request (default from stdlib)"},
             {"memory", str(&kMemory), false, "memory request and limit (default from stdlib)"}}),
        false, "requests and memory limit"}},
      "an extra container in the component's pods, restricted like the main one");
  return object(
      {{"annotations", map_of(&kLabelKey, text(), "pod annotations"), false,
        "pod template annotations"},
       {"labels", map_of(&kLabelKey, text(&kLabelValue, "a label value"), "pod labels"), false,
        "pod template labels (infrac's own app.kubernetes.io/* and infrac.dev/* are refused)"},
       {"node_selector",
        map_of(&kLabelKey, text(&kLabelValue, "a node label value"), "node labels"), false,
        "nodes the pods may run on"},
       {"tolerations", list_of(toleration, "taints the pods tolerate"), false,
        "taints the pods tolerate"},
       {"sidecars", map_of(&kDnsLabel, sidecar, "extra containers"), false,
        "extra containers, keyed by name"}},
      "Kubernetes settings infrac does not derive");
}

// service.yaml: spec.slo
const Schema* Tables::slo_schema() {
  Schema* objective = make(ValueType::StringLike, "a percentage such as 99.9");
  objective->format = &kObjective;  // a number in YAML, checked as text
  return object(
      {{"component", str(&kDnsLabel), false,
        "the http or grpc component measured (default: the service's first, by name)"},
       {"window", enumeration({"28d", "30d"}, "", "28d"), false,
        "the rolling window the objective holds over: 28d (default) or 30d"},
       {"availability",
        object({{"objective", objective, true,
                 "percent of requests that must not fail (5xx; gRPC server-error codes)"}}),
        false, "the share of requests served without a server error"},
       {"latency",
        object({{"objective", objective, true,
                 "percent of requests that must be faster than threshold"},
                {"threshold", str(&kLatency), true,
                 "a bucket boundary of the request-duration histogram, such as 250ms"}}),
        false, "the share of requests served faster than a threshold"}},
      "service level objectives, measured from the component's request metrics");
}

// service.yaml: one datastore
const Schema* Tables::datastore_schema() {
  return object(
      {{"type", str(&kDatastoreType), true,
        "postgres | redis | bucket | queue (others parse and are judged by policy, then fail "
        "E0135: "
        "no module)"},
       {"version", text(), false, "engine version (postgres, redis)"},
       {"size", enumeration({"micro", "small", "medium", "large", "xlarge"}, "", "small"), false,
        "instance size (postgres, redis); mapped per cloud in stdlib"},
       {"ha", boolean("", "false"), false, "highly available (postgres, redis)"},
       {"storage_gb", integer(5, 65536, "allocated storage in GiB", "20"), false,
        "allocated storage in GiB (postgres)"},
       {"edition", enumeration({"enterprise", "enterprise_plus"}, "", "enterprise"), false,
        "Cloud SQL edition (postgres on gcp): enterprise, or enterprise_plus (larger "
        "sizes only)"},
       {"versioning", boolean("", "false"), false, "object versioning (bucket)"},
       {"fifo", boolean("", "false"), false, "first-in-first-out ordering (queue)"},
       {"adopt", str(&kPlainName), false,
        "the name of an existing cloud resource to take over: Terraform imports it "
        "instead of creating one (docs/adoption.md)"},
       {"renamed_from", str(&kDnsLabel), false,
        "the datastore's previous name: state moves, physical names stay"},
       {"major_upgrade", boolean("", "false"), false,
        "allow a change of major version (postgres, redis): the plan says what happens"}},
      "a datastore owned by the service");
}

// service.yaml
void Tables::build_service() {
  const Schema* component = component_schema();

  const Schema* datastore = datastore_schema();

  const Schema* iam_statement = object(
      {{"actions", list_of(str(&kIamAction), "IAM actions"), false, "aws: the actions allowed"},
       {"resources", list_of(str(&kArn), "ARNs"), false, "aws: the resources they apply to"},
       {"role", str(&kGcpRole), false, "gcp: a role granted on the project"},
       {"reason", text(), true, "why the service needs it"}},
      "one extra grant to the service's identity");

  const Schema* dependency =
      one_of({str(&kDnsLabel, "the name of a service"),
              object({{"service", str(&kDnsLabel), true, "the service called"},
                      {"env", str(&kEnvName), false, "the variable that receives its URL"},
                      {"form",
                       enumeration({"url", "address", "host"},
                                   "url: http://host:port; address: host:port (gRPC clients); "
                                   "host: the host name alone",
                                   "url"),
                       false, "how the variable carries the callee's internal address"}})},
             "a service this one calls");

  const Schema* egress =
      object({{"host", str(&kDomain), false, "an external host name, such as api.stripe.com"},
              {"cidr", str(&kCidr), false, "an IPv4 range, such as 10.20.0.0/16"},
              {"port", integer(1, 65535, "destination TCP port"), true, "destination TCP port"},
              {"reason", text(), false, "why the service calls it"}},
             "a destination outside the cluster: host or cidr, and a port");

  const Schema* secret =
      object({{"key", str(&kSecretKey), true, "the key in the secret manager"},
              {"property", str(&kPlainName), false, "a property of a JSON secret"}},
             "a reference to a secret; values never appear in specs");

  const Schema* slo = slo_schema();

  service_spec =
      object({{"image", str(&kImage), true, "container image with a tag or digest"},
              {"components", map_of(&kDnsLabel, component, "the service's components", 1), true,
               "at least one component, keyed by name"},
              {"datastores", map_of(&kDnsLabel, datastore, "the service's datastores"), false,
               "datastores keyed by name"},
              {"urls", object({{"public", str(&kUrl), false, "the public URL"}}), false, "URLs"},
              {"dependencies", list_of(dependency, "services this one calls", false), false,
               "services this one calls; each gets <SERVICE>_URL"},
              {"env", map_of(&kEnvName, text(), "plain environment values"), false,
               "plain environment values (never secrets)"},
              {"secrets", map_of(&kEnvName, secret, "secret references"), false,
               "environment variables filled from the secret manager"},
              {"egress", list_of(egress, "destinations outside the cluster", false), false,
               "external destinations the pods may connect to (everything else is denied)"},
              {"runtime", enumeration({"kubernetes", "cloudrun"}, "", "kubernetes"), false,
               "where the workloads run: kubernetes, or cloudrun (gcp; default: the project's)"},
              {"openapi", str(&kRelPath), false,
               "Cloud Run: the service's OpenAPI 2.0 file, relative to its folder, merged into "
               "the API gateway"},
              {"slo", slo, false,
               "availability and latency objectives: recording rules, burn-rate alerts, a "
               "dashboard (docs/observability.md)"},
              {"publishes", list_of(str(&kQueueRef), "queues of other services"), false,
               "queues of other services this one sends to (<service>.<queue>): send rights on "
               "exactly those queues and <SERVICE>_<QUEUE>_QUEUE_URL"},
              {"iam", list_of(iam_statement, "extra grants", false), false,
               "escape hatch: extra grants to the service's identity, each with a reason; "
               "reported by escape.iam"},
              {"security", security_schema(), false,
               "the numeric user and group of every component's pods (Kubernetes; a "
               "component's own security wins; default from stdlib: 65532)"}},
             "what the service needs");

  Schema* overrides = make(ValueType::MapOf, "per-environment overrides");
  overrides->key_format = &kDnsLabel;
  overrides->items = service_spec;
  overrides->partial_items = true;
  service_file = object(
      {{"apiVersion",
        enumeration({"infrac/v1"}, "the spec language version", "", DiagCode::kApiVersion), true,
        "infrac/v1"},
       {"kind", enumeration({"Service"}, "", "", DiagCode::kWrongKind), true, "Service"},
       {"metadata",
        object({{"name", str(&kDnsLabel), true, "the service name; equals its folder's name"},
                {"team", str(&kDnsLabel), true, "the owning team"},
                {"tier", enumeration({"critical", "standard", "experimental"}, "", "standard"),
                 false, "critical | standard | experimental"},
                {"description", str(nullptr, "free text"), false,
                 "one sentence on what the service does"}}),
        true, "name, owner and tier"},
       {"spec", service_spec, true, "what the service needs"},
       {"environments", overrides, false,
        "per-environment overrides deep-merged into spec (maps merge, lists and scalars "
        "replace, null removes)"}},
      "an infrac service (services/<name>/service.yaml)");
}

// infrac.yaml: spec.platform, and an environment's platform: (docs/platform.md)
const Schema* Tables::platform_schema() {
  if (platform_) return platform_;
  const Schema* cidrs = list_of(str(&kCidr), "IPv4 ranges");
  const Schema* labels = map_of(&kLabelKey, str(&kLabelValue), "pod labels");
  auto peers = [&](const char* what) {
    return object({{"namespace", str(&kDnsLabel), false, "the namespace its pods run in"},
                   {"labels", labels, false, "labels of its pods (default: every pod there)"},
                   {"cidrs", cidrs, false, "the ranges its traffic comes from, when not pods"}},
                  what);
  };
  platform_ = object(
      {{"dns", enumeration({"kube-dns", "node-local", "cloud-dns"}, "", "kube-dns"), false,
        "where pods resolve names: kube-dns (CoreDNS/kube-dns pods), node-local (NodeLocal "
        "DNSCache, 169.254.20.10), cloud-dns (GKE Cloud DNS, 169.254.169.254)"},
       {"dns_service_ip", str(&kIpv4), false,
        "node-local: the kube-dns Service's ClusterIP, which NodeLocal DNSCache also serves"},
       {"gateway", peers("the gateway's data plane"), false,
        "who brings public traffic to public components (default: the pods of "
        "spec.kubernetes.gateway.namespace)"},
       {"scraper", peers("the metrics scraper"), false,
        "who scrapes metrics ports (default: spec.observability.prometheus.namespace)"},
       {"cloud_apis",
        object({{"via", enumeration({"nat", "endpoints"}, "", "nat"), false,
                 "nat: public endpoints through NAT; endpoints: private endpoints in cidrs"},
                {"cidrs", cidrs, false, "where the private endpoints live (endpoints)"}}),
        false, "how pods reach the cloud's HTTPS APIs"},
       {"identity", enumeration({"irsa", "pod-identity", "workload-identity"}), false,
        "where pods get cloud credentials: irsa (STS), pod-identity (EKS agent), "
        "workload-identity (GKE metadata server); default irsa on aws"},
       {"datastores",
        object(
            {{"cidrs", cidrs, false, "the ranges databases and caches live in (default RFC 1918)"},
             {"subnets", list_of(str(&kPlainName), "subnet ids"), false,
              "aws: the subnets of the datastores' subnet groups (default: the cluster's)"},
             {"security_groups", list_of(str(&kPlainName), "security group ids"), false,
              "aws: the groups datastores admit (default: the cluster security group)"}}),
        false, "where datastores live and whom they admit"},
       {"versions",
        object({{"kubernetes", make(ValueType::StringLike), false,
                 "the clusters' Kubernetes version (at least 1.30, what the output relies on)"},
                {"external_secrets", make(ValueType::StringLike), false,
                 "the External Secrets Operator version (at least 0.16.2: API v1)"}}),
        false, "the versions the output may rely on; older ones are E0177"}},
      "what infrac assumes of the cluster and network (docs/platform.md)");
  return platform_;
}

// infrac.yaml: one environment
const Schema* Tables::environment_schema() {
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

// infrac.yaml: spec.observability
const Schema* Tables::observability_schema() {
  return object({{"otlp_endpoint", str(&kOtlpEndpoint), false,
                  "where pods send OpenTelemetry data (OTEL_EXPORTER_OTLP_ENDPOINT)"},
                 {"prometheus",
                  object({{"namespace", str(&kDnsLabel), true,
                           "namespace of the Prometheus that scrapes the pods"}}),
                  false, "the Prometheus admitted to the pods' metrics ports"},
                 {"metrics",
                  object({{"via", enumeration({"prometheus", "otlp"}), false,
                           "prometheus (default): pods serve metrics and are scraped; otlp: "
                           "pods push them to otlp_endpoint"}}),
                  false, "how components' metrics reach Prometheus unless they say otherwise"},
                 {"dashboards",
                  object({{"folder", str(nullptr, "a Grafana folder title"), false,
                           "Grafana folder of the service dashboards (default Services)"}}),
                  false, "Grafana dashboard settings"}});
}

// infrac.yaml
void Tables::build_project() {
  const Schema* environment = environment_schema();
  const Schema* backend =
      object({{"type", enumeration({"s3", "gcs", "local"}), true, "s3 | gcs | local"},
              {"bucket", str(&kBucketName), false, "state bucket (s3, gcs)"},
              {"dynamodb_table", str(&kPlainName), false, "lock table (s3, optional)"},
              {"region", str(&kRegion), false, "state bucket region (s3; default: project region)"},
              {"prefix", str(&kRelPath), false, "key prefix inside the bucket"}},
             "the Terraform state backend rendered into every root module");
  const Schema* delivery =
      object({{"argocd",
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
                {"terraform",
                 object({{"required_version", str(&kVersionConstraint), false,
                          "Terraform version constraint (default \">= 1.6.0\")"},
                         {"backend", backend, false, "state backend"},
                         {"modules", str(&kModulesSource), false,
                          "infrac (default), ./path, or a git source template with {module}"}}),
                 false, "Terraform settings"},
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
                {"delivery", delivery, false,
                 "how the rendered tree reaches the clusters (docs/ci.md)"},
                {"output", str(&kRelPath), false, "where infrac build writes (default out)"},
                {"runtime", enumeration({"kubernetes", "cloudrun"}, "", "kubernetes"), false,
                 "default runtime of every service: kubernetes, or cloudrun (gcp only)"}}),
        true, "the platform's settings"}},
      "an infrac project (infrac.yaml)");
}

const Tables& tables() {
  static const Tables instance;
  return instance;
}

}  // namespace

const Field* Schema::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Schema& project_file_schema() {
  return *tables().project_file;
}
const Schema& service_file_schema() {
  return *tables().service_file;
}
const Schema& service_spec_schema() {
  return *tables().service_spec;
}
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
                                                     &kGcpRole};
  return formats;
}

}  // namespace infrac
