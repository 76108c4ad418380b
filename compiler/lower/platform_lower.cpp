#include "lower/platform_lower.h"

#include "ir/output_layout.h"
#include "ir/workload_labels.h"
#include "lower/argocd.h"
#include "lower/backend_support.h"
#include "lower/postgres_bootstrap.h"
#include "lower/root_module.h"
#include "lower/secret_store.h"

namespace infrac {
namespace {

// The labels of the platform's own objects: the bundle's instance label selects them for
// `kubectl apply --prune` (deliver/apply_steps.cpp), apart from every service's.
KValue platform_labels(const Model& model, const std::string& env) {
  return KValue::map({{"app.kubernetes.io/component", KValue::str("platform")},
                      {kInstanceLabel, KValue::str(std::string(kPlatformNamespace) + "-" + env)},
                      {kManagedByLabel, KValue::str("infrac")},
                      {kNameLabel, KValue::str(kPlatformNamespace)},
                      {"app.kubernetes.io/part-of", KValue::str(model.project.name)},
                      {"team", KValue::str("platform")}});
}

KObject platform_object(const Model& model, const std::string& env, std::string api_version,
                        std::string kind, std::string name, bool namespaced) {
  KObject o;
  o.api_version = std::move(api_version);
  o.kind = std::move(kind);
  o.name = std::move(name);
  o.ns = namespaced ? kPlatformNamespace : "";
  o.body = KValue::map({{"apiVersion", KValue::str(o.api_version)}, {"kind", KValue::str(o.kind)}});
  KValue& metadata = o.body.set("metadata", KValue::map({{"name", KValue::str(o.name)}}));
  if (namespaced) metadata.set("namespace", KValue::str(o.ns));
  metadata.set("labels", platform_labels(model, env));
  return o;
}

// The platform namespace's pods are the database-roles Jobs: nothing may connect to them, and
// they reach only DNS and PostgreSQL's port in the private ranges, where RDS instances live (the
// same rule a service's egress policy has for its own database; their address is known only
// after apply). https://kubernetes.io/docs/concepts/services-networking/network-policies/
std::vector<KObject> platform_network_policies(const Model& model, const std::string& env) {
  KObject ingress = platform_object(model, env, "networking.k8s.io/v1", "NetworkPolicy",
                                    kPlatformNamespace, true);
  ingress.body.set("spec", KValue::map({{"podSelector", KValue::map()},
                                        {"policyTypes", KValue::strings({"Ingress"})}}));
  auto port = [](std::int64_t n, const char* protocol) {
    return KValue::map({{"port", KValue::num(n)}, {"protocol", KValue::str(protocol)}});
  };
  KValue dns = KValue::map(
      {{"to", KValue::list({KValue::map(
                  {{"namespaceSelector",
                    KValue::map({{"matchLabels", KValue::map({{"kubernetes.io/metadata.name",
                                                               KValue::str("kube-system")}})}})},
                   {"podSelector",
                    KValue::map({{"matchLabels",
                                  KValue::map({{"k8s-app", KValue::str("kube-dns")}})}})}})})},
       {"ports", KValue::list({port(53, "UDP"), port(53, "TCP")})}});
  KValue ranges = KValue::list();
  for (const char* cidr : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"})
    ranges.items.push_back(KValue::map({{"ipBlock", KValue::map({{"cidr", KValue::str(cidr)}})}}));
  KValue postgres =
      KValue::map({{"to", std::move(ranges)}, {"ports", KValue::list({port(5432, "TCP")})}});
  KObject egress = platform_object(model, env, "networking.k8s.io/v1", "NetworkPolicy",
                                   std::string(kPlatformNamespace) + "-egress", true);
  egress.body.set("spec",
                  KValue::map({{"podSelector", KValue::map()},
                               {"policyTypes", KValue::strings({"Egress"})},
                               {"egress", KValue::list({std::move(dns), std::move(postgres)})}}));
  std::vector<KObject> out;
  out.push_back(std::move(ingress));
  out.push_back(std::move(egress));
  return out;
}

// The platform namespace, restricted like every service's; the secret reader the database-roles
// ExternalSecrets are read as (the platform's identity, never a service's); its own store.
std::vector<KObject> platform_objects(const Model& model, const PlatformNeeds& needs,
                                      const PlatformCloud& cloud, const CloudTable& table) {
  const std::string& env = needs.env->name;
  std::vector<KObject> out;
  KObject ns = platform_object(model, env, "v1", "Namespace", kPlatformNamespace, false);
  ns.body.find("metadata")
      ->find("labels")
      ->set("pod-security.kubernetes.io/enforce", KValue::str("restricted"));
  out.push_back(std::move(ns));
  KObject reader = platform_object(model, env, "v1", "ServiceAccount", table.secret_reader, true);
  KValue annotations = KValue::map();
  for (const auto& [k, v] : cloud.annotations) annotations.set(k, KValue::str(v));
  reader.body.find("metadata")->set("annotations", std::move(annotations));
  reader.body.set("automountServiceAccountToken", KValue::flag(false));
  out.push_back(std::move(reader));
  KObject store = platform_object(model, env, "external-secrets.io/v1", table.secret_store_kind,
                                  table.secret_store_name, true);
  store.body.set("spec", secret_store_spec(model.project, *needs.env, table.secret_reader));
  out.push_back(std::move(store));
  for (KObject& policy : platform_network_policies(model, env)) out.push_back(std::move(policy));
  return out;
}

std::string header(const std::string& env, const std::string& what) {
  return "The platform of " + env + ": " + what +
         "\nGenerated by infrac from infrac.yaml and the services' specs. Do not edit.";
}

TfBlock provider_block(const Model& model, const Environment& env) {
  TfBlock p;
  p.type = "provider";
  if (model.project.cloud == Cloud::Aws) {
    p.labels = {"aws"};
    p.set("region", TfExpr::str(env.region));
    p.set("allowed_account_ids", TfExpr::strings({env.account}, env.location));
    TfExpr tags = TfExpr::object();
    tags.set("app.kubernetes.io/managed-by", TfExpr::str("infrac"));
    tags.set("app.kubernetes.io/name", TfExpr::str(kPlatformNamespace));
    tags.set("app.kubernetes.io/part-of", TfExpr::str(model.project.name));
    tags.set("environment", TfExpr::str(env.name));
    TfBlock defaults;
    defaults.type = "default_tags";
    defaults.set("tags", std::move(tags));
    p.blocks.push_back(std::move(defaults));
  } else {
    p.labels = {"google"};
    p.set("project", TfExpr::str(env.gcp_project, env.location));
    p.set("region", TfExpr::str(env.region));
    p.set("default_labels",
          gcp_labels(model.project.name, env.name, kPlatformNamespace, "platform"));
  }
  return p;
}

TfModule platform_module(const Model& model, const Environment& env, const CloudTable& table,
                         PlatformCloud cloud) {
  TfModule m;
  TfBlock state;
  state.type = "terraform";
  state.blocks.push_back(backend_block(model.project, env.name + "/" + kPlatformService));
  m.files.push_back({"backend.tf", header(env.name, "state, one per environment."), {state}});
  m.files.push_back(
      {"main.tf", header(env.name, "what every service of it relies on."), std::move(cloud.main)});
  if (!cloud.outputs.empty())
    m.files.push_back(
        {"outputs.tf", header(env.name, "values other tools read after apply."), cloud.outputs});
  m.files.push_back(
      {"providers.tf", header(env.name, "provider configuration."), {provider_block(model, env)}});
  std::vector<ProviderPin> pins;
  for (const auto& pin : table.providers)
    if (pin.name == "aws" || pin.name == "google") pins.push_back(pin);
  m.files.push_back({"versions.tf",
                     header(env.name, "Terraform and provider versions."),
                     {versions_block(model.project.terraform.required_version, pins)}});
  return m;
}

}  // namespace

PlatformNeeds platform_needs(const Model& model, const Environment& env) {
  PlatformNeeds needs;
  needs.env = &env;
  for (const auto& t : model.targets) {
    if (t.env != env.name) continue;
    if (t.runtime == Runtime::CloudRun) {
      needs.cloud_run = true;
      continue;
    }
    // The databases whose roles a Job of the platform namespace sets up.
    for (const auto& ds : t.datastores) {
      if (!bootstraps_roles(model.project, t, ds)) continue;
      needs.databases.push_back({datastore_resource_name(model, t, ds),
                                 connection_secret_name(model, t, ds), ds.location});
    }
  }
  return needs;
}

std::vector<TargetOutput> lower_platforms(const Model& model, const LowerOptions&,
                                          Diagnostics& diagnostics) {
  std::vector<TargetOutput> out;
  const CloudTable& table = cloud_table(model.project.cloud);
  for (const auto& env : model.project.environments) {
    PlatformNeeds needs = platform_needs(model, env);
    if (needs.databases.empty() && !needs.cloud_run) continue;
    TargetOutput t;
    t.env = env.name;
    t.service = kPlatformService;
    PlatformCloud cloud = platform_cloud(model, needs, table, diagnostics);
    if (!needs.databases.empty()) {
      t.kubernetes = platform_objects(model, needs, cloud, table);
      t.argocd_application = argocd_platform_application(model, env, t.kubernetes);
    }
    t.terraform = platform_module(model, env, table, std::move(cloud));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace infrac
