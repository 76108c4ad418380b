// The Google Cloud backend of lowering (GKE runtime): a root module per target calling infrac's
// modules/gcp/* (or the project's override), with names checked against stdlib/clouds/gcp.yaml.
// The Kubernetes side is the same as on AWS, with GKE's workload identity annotation and the
// Secret Manager secret store.
#include <algorithm>
#include <optional>

#include "base/hash.h"
#include "lower/backend_support.h"
#include "lower/cloud_tables.h"
#include "lower/lower.h"
#include "lower/root_module.h"

namespace infrac {
namespace {

// GCP labels: lowercase letters, digits, '_' and '-', at most 63 characters.
std::string label_value(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '_' || l == '-') ? l : '_';
  }
  return out.substr(0, 63);
}

}  // namespace

TfExpr gcp_labels(const Model& model, const Target& target) {
  TfExpr labels = TfExpr::object();
  labels.set("app", TfExpr::str(label_value(target.service)));
  labels.set("environment", TfExpr::str(label_value(target.env)));
  labels.set("managed-by", TfExpr::str("infrac"));
  labels.set("part-of", TfExpr::str(label_value(model.project.name)));
  labels.set("team", TfExpr::str(label_value(target.team)));
  return labels;
}

std::string gcp_service_account_id(const std::string& base) {
  // Service account ids are 6 to 30 characters: long names keep a readable prefix and a hash
  // of the whole, so two targets never share an account.
  if (base.size() <= 30) return base;
  std::string prefix = base.substr(0, 21);
  while (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
  return prefix + "-" + short_hash(base, 8);
}

namespace {

class GcpLowering {
 public:
  GcpLowering(const Model& model, const Target& target, const LowerOptions& options,
              Diagnostics& diagnostics)
      : model_(model),
        target_(target),
        options_(options),
        diagnostics_(diagnostics),
        table_(cloud_table(Cloud::Gcp)),
        env_(*model.project.environment(target.env)),
        base_(model.project.name + "-" + target.env + "-" + target.service),
        production_(table_.is_production(target.env)),
        network_("projects/" + env_.gcp_project + "/global/networks/" + env_.cluster) {}

  CloudLowering run() {
    CloudLowering out;
    out.secret_store_name = table_.secret_store_name;
    out.secret_store_kind = table_.secret_store_kind;
    std::vector<TfBlock> calls, outputs;
    Access access;
    for (const auto& ds : target_.datastores) {
      if (snake(ds.name) == "workload_identity") {
        diagnostics_
            .add(DiagCode::kReservedName, ds.location,
                 "datastore name '" + ds.name + "' is reserved")
            .help =
            "infrac names the service's identity module workload_identity; rename the datastore";
        continue;
      }
      DatastoreWiring wiring;
      wiring.datastore = ds.name;
      wiring.location = ds.location;
      std::optional<TfBlock> call;
      if (ds.type == "postgres") {
        call = postgres(ds, wiring, outputs, access);
      } else if (ds.type == "redis") {
        call = redis(ds, wiring, outputs);
      } else if (ds.type == "bucket") {
        call = bucket(ds, wiring, outputs, access);
      } else if (ds.type == "queue") {
        call = queue(ds, wiring, outputs, access);
      } else {
        Diagnostic& d = diagnostics_.add(
            DiagCode::kNoModuleForType, ds.type_location.known() ? ds.type_location : ds.location,
            "infrac has no Google Cloud module for datastore type '" + ds.type + "'");
        d.help = "use one of postgres, redis, bucket, queue";
        continue;
      }
      if (call) calls.push_back(std::move(*call));
      out.datastores.push_back(std::move(wiring));
    }
    std::string account =
        checked("service_account", gcp_service_account_id(base_), service_location());
    out.service_account_annotations.emplace_back(
        table_.service_account_annotation,
        account + "@" + env_.gcp_project + ".iam.gserviceaccount.com");
    TfBlock identity =
        call_module("workload_identity", "gcp/workload-identity", service_location());
    identity.set("account_id", TfExpr::str(account), true);
    identity.set("project", TfExpr::str(env_.gcp_project));
    identity.set("display_name", TfExpr::str(target_.id() + " (infrac)"));
    identity.set("kubernetes_namespace", TfExpr::str(target_.service));
    identity.set("kubernetes_service_account", TfExpr::str(target_.service));
    access.apply(identity);
    calls.insert(calls.begin(), std::move(identity));
    outputs.insert(outputs.begin(),
                   output_block("service_account_email", "module.workload_identity.email",
                                "Google service account the service's pods act as."));

    RootModuleParts parts;
    parts.required_version = model_.project.terraform.required_version;
    bool random = std::any_of(target_.datastores.begin(), target_.datastores.end(),
                              [](const Datastore& d) { return d.type == "postgres"; });
    for (const auto& p : table_.providers) {
      if (p.name == "google" || (p.name == "random" && random)) parts.providers.push_back(p);
    }
    parts.provider_blocks.push_back(provider());
    parts.module_calls = std::move(calls);
    parts.outputs = std::move(outputs);
    out.terraform = build_root_module(model_, target_, std::move(parts));
    return out;
  }

 private:
  // What the service's own account may touch: exactly its own resources.
  struct Access {
    TfExpr buckets = TfExpr::list(), topics = TfExpr::list(), subscriptions = TfExpr::list(),
           sql = TfExpr::list();
    void apply(TfBlock& identity) {
      if (!buckets.items.empty()) identity.set("bucket_names", std::move(buckets));
      if (!topics.items.empty()) identity.set("topic_names", std::move(topics));
      if (!subscriptions.items.empty())
        identity.set("subscription_names", std::move(subscriptions));
      if (!sql.items.empty()) identity.set("sql_instance_names", std::move(sql));
    }
  };

  Location service_location() const {
    Location at = model_.service_location(target_.service);
    return at.known() ? at : Location{target_.file, 1, 1, 1};
  }
  std::string checked(const std::string& rule, const std::string& name, Location at) {
    return checked_name(table_, rule, name, at, diagnostics_);
  }
  TfBlock call_module(const std::string& name, const std::string& module, Location at) {
    return module_call(name, module, options_.module_source, at);
  }
  std::optional<std::string> lookup(
      const std::map<std::string, std::map<std::string, std::string>>& table, const Datastore& ds,
      const std::string& key, const std::string& what) {
    return table_lookup(table, ds, key, what, "Google Cloud", diagnostics_);
  }
  TfExpr component_labels(const Datastore& ds) {
    TfExpr labels = TfExpr::object();
    labels.set("component", TfExpr::str(label_value(ds.name), ds.location));
    return labels;
  }

  // Databases and caches write their connection details to a Secret Manager secret the pods
  // read through an ExternalSecret: <project>-<env>-<service>-<datastore>.
  void connection_secret(const Datastore& ds, TfBlock& call, DatastoreWiring& wiring,
                         std::vector<TfBlock>& outputs) {
    std::string secret = checked("secret_id", base_ + "-" + ds.name, ds.location);
    call.set("secret_id", TfExpr::str(secret));
    wiring.secret_key = secret;
    std::string id = snake(ds.name);
    outputs.push_back(output_block(id + "_secret_id", "module." + id + ".secret_id",
                                   "Secret with the connection details of " + ds.name + "."));
  }

  std::optional<TfBlock> postgres(const Datastore& ds, DatastoreWiring& wiring,
                                  std::vector<TfBlock>& outputs, Access& access) {
    std::string name = checked("cloud_sql_instance", base_ + "-" + ds.name, ds.location);
    auto version = lookup(table_.versions, ds, ds.version, "version");
    auto tier = lookup(table_.sizes, ds, ds.size, "size");
    if (!version || !tier) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = call_module(id, "gcp/postgres", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(env_.gcp_project));
    b.set("region", TfExpr::str(env_.region));
    b.set("database_version", TfExpr::str(*version, ds.location));
    b.set("tier", TfExpr::str(*tier, ds.location));
    b.set("disk_size_gb", TfExpr::num(ds.storage_gb > 0 ? ds.storage_gb : 20, ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    b.set("deletion_protection", TfExpr::flag(production_, ds.location));
    b.set("backup_retention_days",
          TfExpr::num(production_ ? table_.production_backup_days : table_.other_backup_days));
    b.set("network", TfExpr::str(network_));
    connection_secret(ds, b, wiring, outputs);
    b.set("labels", component_labels(ds));
    access.sql.items.push_back(TfExpr::ref("module." + id + ".instance_name"));
    return b;
  }

  std::optional<TfBlock> redis(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) {
    std::string name = checked("memorystore", base_ + "-" + ds.name, ds.location);
    auto version = lookup(table_.versions, ds, ds.version, "version");
    auto memory = lookup(table_.sizes, ds, ds.size, "size");
    if (!version || !memory) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = call_module(id, "gcp/redis", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(env_.gcp_project));
    b.set("region", TfExpr::str(env_.region));
    b.set("redis_version", TfExpr::str(*version, ds.location));
    b.set("memory_size_gb", TfExpr::num(std::stoll(*memory), ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    b.set("network", TfExpr::str(network_));
    connection_secret(ds, b, wiring, outputs);
    b.set("labels", component_labels(ds));
    return b;
  }

  std::optional<TfBlock> bucket(const Datastore& ds, DatastoreWiring& wiring,
                                std::vector<TfBlock>& outputs, Access& access) {
    std::string name = checked("gcs_bucket", base_ + "-" + ds.name, ds.location);
    std::string id = snake(ds.name);
    TfBlock b = call_module(id, "gcp/bucket", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(env_.gcp_project));
    b.set("location", TfExpr::str(env_.region));
    b.set("versioning", TfExpr::flag(ds.versioning, ds.location));
    b.set("force_destroy", TfExpr::flag(!production_));
    b.set("labels", component_labels(ds));
    wiring.known["bucket"] = name;
    outputs.push_back(output_block(id + "_bucket", "module." + id + ".name",
                                   "Name of the bucket " + ds.name + "."));
    access.buckets.items.push_back(TfExpr::ref("module." + id + ".name"));
    return b;
  }

  std::optional<TfBlock> queue(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs, Access& access) {
    std::string name = base_ + "-" + ds.name;
    checked("pubsub_topic", name + "-dlq", ds.location);
    std::string id = snake(ds.name);
    TfBlock b = call_module(id, "gcp/queue", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(env_.gcp_project));
    b.set("labels", component_labels(ds));
    // Pub/Sub ids are a function of project and name, so pods get the topic as configuration;
    // the subscription has the same name.
    wiring.known["queue_url"] = "projects/" + env_.gcp_project + "/topics/" + name;
    outputs.push_back(output_block(id + "_topic", "module." + id + ".topic_id",
                                   "Topic of the queue " + ds.name + "."));
    access.topics.items.push_back(TfExpr::ref("module." + id + ".topic_name"));
    access.subscriptions.items.push_back(TfExpr::ref("module." + id + ".subscription_name"));
    return b;
  }

  TfBlock provider() {
    TfBlock p;
    p.type = "provider";
    p.labels = {"google"};
    p.set("project", TfExpr::str(env_.gcp_project, env_.location));
    p.set("region", TfExpr::str(env_.region));
    p.set("default_labels", gcp_labels(model_, target_));
    return p;
  }

  const Model& model_;
  const Target& target_;
  const LowerOptions& options_;
  Diagnostics& diagnostics_;
  const CloudTable& table_;
  const Environment& env_;
  std::string base_;
  bool production_;
  std::string network_;
};

}  // namespace

CloudLowering lower_gcp(const Model& model, const Target& target, const LowerOptions& options,
                        Diagnostics& diagnostics) {
  return GcpLowering(model, target, options, diagnostics).run();
}

}  // namespace infrac
