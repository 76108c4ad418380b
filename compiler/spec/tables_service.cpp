// service.yaml: the file, its spec, datastores and SLOs, as data (spec/schema_builder.h).
// Components are in tables_component.cpp. To add a field: see tables.cpp.
#include "spec/schema_builder.h"

namespace infrac {

using namespace formats;

// service.yaml: spec.slo
const Schema* SchemaBuilder::slo_schema() {
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
const Schema* SchemaBuilder::datastore_schema() {
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
void SchemaBuilder::build_service() {
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

}  // namespace infrac
