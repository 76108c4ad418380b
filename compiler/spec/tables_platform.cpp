// infrac.yaml: spec.platform and spec.observability, as data (spec/schema_builder.h).
// To add a field: see tables.cpp.
#include "spec/schema_builder.h"

namespace infrac {

using namespace formats;

// infrac.yaml: spec.platform, and an environment's platform: (docs/platform.md)
const Schema* SchemaBuilder::platform_schema() {
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

// infrac.yaml: spec.observability
const Schema* SchemaBuilder::observability_schema() {
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

}  // namespace infrac
