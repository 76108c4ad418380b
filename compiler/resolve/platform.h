// The platform model of one environment: what infrac assumes of the cluster and the network
// its workloads run in (spec.platform in infrac.yaml, an environment's own platform: block
// overriding it field by field). Every network path a workload needs is derived from it
// (resolve/needs.h); nothing else states where DNS, the gateway's data plane, the scraper,
// the cloud's APIs or the datastores are. Defaults match the managed setups infrac targets
// (EKS and GKE Standard with their default add-ons); docs/platform.md lists each profile.
// Tested by tests/unit/needs_test.cpp and tests/cli/access_test.cpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

// Where pods resolve names:
// - kube-dns: the CoreDNS (EKS) or kube-dns (GKE Standard) pods, k8s-app=kube-dns in
//   kube-system;
// - node-local: NodeLocal DNSCache, which listens on the node at 169.254.20.10 with
//   hostNetwork, so only an ipBlock names it
//   (https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/); misses and pods that
//   still use the kube-dns Service reach CoreDNS, which stays allowed;
// - cloud-dns: GKE with Cloud DNS (Autopilot's default), where the kubelet points every pod's
//   resolv.conf at the metadata server 169.254.169.254
//   (https://cloud.google.com/kubernetes-engine/docs/how-to/cloud-dns).
enum class DnsProfile { KubeDns, NodeLocal, CloudDns };

// How pods reach the cloud's HTTPS APIs (STS, S3, SQS, SNS; Cloud Storage, Pub/Sub, Cloud SQL
// Admin): through NAT to the public endpoints, or through private endpoints inside ranges
// the platform names (AWS interface VPC endpoints, GCP Private Service Connect or
// private.googleapis.com's 199.36.153.8/30).
enum class CloudApiPath { Nat, Endpoints };

// Where a pod's cloud identity hands out credentials:
// - irsa: the projected web identity token is exchanged at STS over HTTPS
//   (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html);
// - pod-identity: the EKS Pod Identity agent on the node, 169.254.170.23 port 80
//   (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html);
// - workload-identity: the GKE metadata server, 169.254.169.254 ports 80 and 988
//   (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
enum class IdentityAgent { Irsa, PodIdentity, WorkloadIdentity };

std::string_view dns_profile_name(DnsProfile p);        // kube-dns, node-local, cloud-dns
std::string_view cloud_api_path_name(CloudApiPath p);   // nat, endpoints
std::string_view identity_agent_name(IdentityAgent a);  // irsa, pod-identity, workload-identity

// Pods of the platform (a namespace and, optionally, labels) or addresses outside the
// cluster (ranges): who brings public traffic, who scrapes.
struct PlatformPeers {
  std::string ns;
  std::map<std::string, std::string> labels;
  std::vector<std::string> cidrs;
  Location location;
};

struct Platform {
  DnsProfile dns = DnsProfile::KubeDns;
  std::string dns_service_ip;  // node-local: the kube-dns Service's address, which it also serves
  PlatformPeers data_plane;    // the gateway's data plane: admitted to public components
  PlatformPeers scraper;       // the metrics scraper: admitted to metrics ports
  CloudApiPath cloud_apis = CloudApiPath::Nat;
  std::vector<std::string> cloud_api_cidrs;  // endpoints: where the private endpoints live
  IdentityAgent identity = IdentityAgent::Irsa;
  // Where databases and caches live: their ports are open to these ranges only (default:
  // the private ranges of RFC 1918, since a datastore's address is not known at compile time).
  std::vector<std::string> datastore_cidrs;
  // AWS: the subnets datastores are placed in and the security groups they admit (default:
  // the cluster's subnets and its cluster security group, which EKS attaches to managed
  // node groups without a launch template's own groups; Karpenter's node classes and custom
  // launch templates need theirs named here).
  std::vector<std::string> datastore_subnets, datastore_security_groups;
  Location location;  // the platform block that set it, or the environment
};

}  // namespace infrac
