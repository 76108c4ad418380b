// The Google Cloud backend of lowering: a root module per target calling infrac's modules/gcp/*
// (or the project's override), with names checked against stdlib/clouds/gcp.yaml. On GKE the
// Kubernetes side is the same as on AWS, with GKE's workload identity annotation and the
// Secret Manager secret store; on Cloud Run the components are lowered by cloud_run_lower.cpp.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "base/hash.h"
#include "ir/workload_labels.h"
#include "lower/backend_support.h"
#include "lower/cloud_backend.h"
#include "lower/cloud_run_lower.h"
#include "lower/root_module.h"
#include "resolve/cloud_tables.h"

namespace infrac {

std::string gcp_label_value(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '_' || l == '-') ? l : '_';
  }
  return out.substr(0, 63);
}

TfExpr gcp_labels(const std::string& project, const std::string& env, const std::string& app,
                  const std::string& team) {
  TfExpr labels = TfExpr::object();
  labels.set("app", TfExpr::str(gcp_label_value(app)));
  labels.set("environment", TfExpr::str(gcp_label_value(env)));
  labels.set("managed-by", TfExpr::str("infrac"));
  labels.set("part-of", TfExpr::str(gcp_label_value(project)));
  labels.set("team", TfExpr::str(gcp_label_value(team)));
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

std::string gcp_platform_account_id(const Model& model, const Environment& env) {
  return gcp_service_account_id(model.project.name + "-" + env.name + "-" + kPlatformNamespace);
}

namespace {

class GcpBackend final : public CloudBackend {
 public:
  explicit GcpBackend(const BackendContext& context)
      : c_(context),
        production_(context.target.production),
        network_("projects/" + context.env.gcp_project + "/global/networks/" + context.env.cluster),
        cloud_run_(context.target.runtime == Runtime::CloudRun) {}

  std::string_view display_name() const override { return "Google Cloud"; }
  std::string_view identity_module() const override { return "identity"; }

  // One Google service account per target, impersonated by the pods through GKE workload
  // identity (or run as by Cloud Run), granted exactly the resources lowered above and, on
  // Cloud Run, the secrets its environment reads.
  void identity(CloudParts& parts) override {
    std::string account =
        c_.checked("service_account", gcp_service_account_id(c_.base), c_.service_location());
    parts.lowering.service_account_annotations.emplace_back(
        c_.table.service_account_annotation,
        account + "@" + c_.env.gcp_project + ".iam.gserviceaccount.com");
    parts.lowering.secret_reader_annotations = parts.lowering.service_account_annotations;
    TfBlock identity = c_.call("workload_identity", "gcp/workload-identity", c_.service_location());
    identity.set("account_id", TfExpr::str(account), true);
    identity.set("project", TfExpr::str(c_.env.gcp_project));
    identity.set("display_name", TfExpr::str(c_.target.id() + " (infrac)"));
    if (!cloud_run_) {
      identity.set("kubernetes_namespace", TfExpr::str(c_.target.service));
      identity.set("kubernetes_service_account", TfExpr::str(c_.target.service));
      // The cluster's secret store reads the namespace's secrets as the service's own account
      // (referent authentication), so that account may read exactly the connection secrets
      // of its datastores and the keys its spec reads.
      if (!c_.table.secret_reader.empty()) {
        identity.set("kubernetes_secret_reader", TfExpr::str(c_.table.secret_reader));
      }
      for (const auto& w : parts.lowering.datastores) {
        if (!w.secret_key.empty())
          access_.secrets.items.push_back(
              TfExpr::ref("module." + snake(w.datastore) + ".secret_id"));
      }
      for (const auto& key : secret_keys_read(c_.target)) {
        access_.secrets.items.push_back(TfExpr::str(key, secret_key_location(c_.target, key)));
      }
    }
    CloudRunEnv env;
    if (cloud_run_) {
      env = cloud_run_env(c_.target, parts.lowering.datastores, c_.env.region);
      for (const auto& e : env.secrets.entries) access_.secrets.items.push_back(e.value);
    }
    access_.apply(identity);
    // spec.iam: roles on the project, each reported by escape.iam.
    TfExpr roles = TfExpr::list();
    for (const auto& g : c_.target.iam) roles.items.push_back(TfExpr::str(g.role, g.location));
    if (!roles.items.empty()) identity.set("extra_project_roles", std::move(roles));
    parts.calls.insert(parts.calls.begin(), std::move(identity));
    if (cloud_run_) lower_cloud_run(c_, network_, env, parts.calls, parts.outputs);
    parts.outputs.insert(
        parts.outputs.begin(),
        output_block("service_account_email", "module.workload_identity.email",
                     cloud_run_ ? "Google service account the service runs as."
                                : "Google service account the service's pods act as."));
  }

  // random generates the Cloud SQL admin's password (Memorystore makes its own auth string).
  bool needs_provider(const std::string& name) const override {
    if (name == "google") return true;
    return name == "random" && std::any_of(c_.target.datastores.begin(), c_.target.datastores.end(),
                                           [](const Datastore& d) { return d.type == "postgres"; });
  }

 private:
  // What the service's own account may touch: exactly its own resources.
  struct Access {
    TfExpr buckets = TfExpr::list(), topics = TfExpr::list(), subscriptions = TfExpr::list(),
           sql = TfExpr::list(), secrets = TfExpr::list();
    void apply(TfBlock& identity) {
      if (!buckets.items.empty()) identity.set("bucket_names", std::move(buckets));
      if (!topics.items.empty()) identity.set("topic_names", std::move(topics));
      if (!subscriptions.items.empty())
        identity.set("subscription_names", std::move(subscriptions));
      if (!sql.items.empty()) identity.set("sql_instance_names", std::move(sql));
      if (!secrets.items.empty()) identity.set("secret_ids", std::move(secrets));
    }
  };

  std::optional<std::string> lookup(
      const std::map<std::string, std::map<std::string, std::string>>& table, const Datastore& ds,
      const std::string& key, const std::string& what) {
    return c_.lookup(table, ds, key, what, "Google Cloud");
  }
  TfExpr component_labels(const Datastore& ds) {
    TfExpr labels = TfExpr::object();
    labels.set("component", TfExpr::str(gcp_label_value(ds.name), ds.location));
    return labels;
  }

  // Databases and caches write their connection details to a Secret Manager secret the pods
  // read through an ExternalSecret: <project>-<env>-<service>-<datastore>.
  void connection_secret(const Datastore& ds, TfBlock& call, DatastoreWiring& wiring,
                         std::vector<TfBlock>& outputs) {
    std::string secret =
        c_.checked("secret_id", connection_secret_name(c_.model, c_.target, ds), ds.location);
    call.set("secret_id", TfExpr::str(secret));
    wiring.secret_key = secret;
    std::string id = snake(ds.name);
    outputs.push_back(output_block(snake(ds.stem()) + "_secret_id", "module." + id + ".secret_id",
                                   "Secret with the connection details of " + ds.name + "."));
  }

  // The application signs in as the service's own account, an IAM database user the Cloud SQL
  // API creates (https://cloud.google.com/sql/docs/postgres/iam-logins); the platform's secret
  // reader may read the admin's secret, for the roles Job only. The Postgres role is the
  // account's email without ".gserviceaccount.com".
  void database_users(TfBlock& call, DatastoreWiring& wiring) {
    const std::string project = c_.env.gcp_project;
    call.set("app_service_account_email", TfExpr::ref("module.workload_identity.email"));
    std::string platform =
        gcp_platform_account_id(c_.model, c_.env) + "@" + project + ".iam.gserviceaccount.com";
    call.set("admin_secret_reader", TfExpr::str(platform));
    std::string role =
        c_.checked("cloud_sql_iam_user", gcp_service_account_id(c_.base) + "@" + project + ".iam",
                   c_.service_location());
    wiring.bootstrap =
        DatabaseBootstrap{"app", role, RoleOrigin::CloudSqlApi, "", wiring.secret_key + "-admin"};
  }

  // The module's alert policies notify the owning team's channel in this environment.
  void notification_channels(TfBlock& b) const {
    set_alert_targets(b, "notification_channels", c_.target, c_.env);
  }

 public:
  std::optional<TfBlock> postgres(const Datastore& ds, DatastoreWiring& wiring,
                                  std::vector<TfBlock>& outputs) override {
    std::string name = c_.checked("cloud_sql_instance",
                                  datastore_resource_name(c_.model, c_.target, ds), ds.location);
    auto version = lookup(c_.table.versions, ds, ds.version, "version");
    // Each edition has its own machine families, so its own size row (stdlib/clouds/gcp.yaml):
    // a size the edition does not offer is E0131 here, not a failed create at apply.
    auto tier = c_.lookup(c_.table.sizes, ds, ds.size, "size", "Google Cloud",
                          ds.edition == "ENTERPRISE_PLUS" ? "postgres-enterprise-plus" : "");
    if (!version || !tier) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "gcp/postgres", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(c_.env.gcp_project));
    b.set("region", TfExpr::str(c_.env.region));
    b.set("database_version", TfExpr::str(*version, ds.location));
    b.set("tier", TfExpr::str(*tier, ds.size_location.known() ? ds.size_location : ds.location));
    b.set("edition",
          TfExpr::str(ds.edition, ds.edition_location.known() ? ds.edition_location : ds.location));
    b.set("disk_size_gb", TfExpr::num(ds.storage_gb > 0 ? ds.storage_gb : 20, ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    b.set("deletion_protection", TfExpr::flag(production_, ds.location));
    // Backups and the maintenance window of the environment class (stdlib).
    set_module_settings(b, c_.table, "gcp/postgres", production_);
    b.set("network", TfExpr::str(network_));
    connection_secret(ds, b, wiring, outputs);
    database_users(b, wiring);
    notification_channels(b);
    b.set("labels", component_labels(ds));
    access_.sql.items.push_back(TfExpr::ref("module." + id + ".instance_name", ds.location));
    return b;
  }

  std::optional<TfBlock> redis(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) override {
    std::string name =
        c_.checked("memorystore", datastore_resource_name(c_.model, c_.target, ds), ds.location);
    auto version = lookup(c_.table.versions, ds, ds.version, "version");
    auto memory = lookup(c_.table.sizes, ds, ds.size, "size");
    if (!version || !memory) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "gcp/redis", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(c_.env.gcp_project));
    b.set("region", TfExpr::str(c_.env.region));
    b.set("redis_version", TfExpr::str(*version, ds.location));
    b.set("memory_size_gb", TfExpr::num(std::stoll(*memory), ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    set_module_settings(b, c_.table, "gcp/redis", production_);
    b.set("network", TfExpr::str(network_));
    wiring.known["tls"] = "true";
    connection_secret(ds, b, wiring, outputs);
    b.set("labels", component_labels(ds));
    return b;
  }

  std::optional<TfBlock> bucket(const Datastore& ds, DatastoreWiring& wiring,
                                std::vector<TfBlock>& outputs) override {
    std::string name =
        c_.checked("gcs_bucket", datastore_resource_name(c_.model, c_.target, ds), ds.location);
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "gcp/bucket", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(c_.env.gcp_project));
    b.set("location", TfExpr::str(c_.env.region));
    b.set("versioning", TfExpr::flag(ds.versioning, ds.location));
    b.set("force_destroy", TfExpr::flag(!production_));
    // Noncurrent versions and incomplete uploads expire (stdlib lifecycle days).
    set_module_settings(b, c_.table, "gcp/bucket", production_);
    b.set("labels", component_labels(ds));
    wiring.known["bucket"] = name;
    outputs.push_back(output_block(snake(ds.stem()) + "_bucket", "module." + id + ".name",
                                   "Name of the bucket " + ds.name + "."));
    access_.buckets.items.push_back(TfExpr::ref("module." + id + ".name", ds.location));
    return b;
  }

  std::optional<TfBlock> queue(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) override {
    std::string name = datastore_resource_name(c_.model, c_.target, ds);
    c_.checked("pubsub_topic", name + "-dlq", ds.location);
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "gcp/queue", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("project", TfExpr::str(c_.env.gcp_project));
    notification_channels(b);
    b.set("labels", component_labels(ds));
    // Pub/Sub ids are a function of project and name, so pods get the topic as configuration;
    // the subscription has the same name.
    wiring.known["queue_url"] = "projects/" + c_.env.gcp_project + "/topics/" + name;
    outputs.push_back(output_block(snake(ds.stem()) + "_topic", "module." + id + ".topic_id",
                                   "Topic of the queue " + ds.name + "."));
    access_.topics.items.push_back(TfExpr::ref("module." + id + ".topic_name", ds.location));
    access_.subscriptions.items.push_back(
        TfExpr::ref("module." + id + ".subscription_name", ds.location));
    return b;
  }

  // The main resource of each module and the import ids the Google provider documents
  // (the Import sections of sql_database_instance, redis_instance, storage_bucket and
  // pubsub_topic at https://registry.terraform.io/providers/hashicorp/google/latest/docs).
  std::string adopted_resource(const Datastore& ds) const override {
    if (ds.type == "postgres") return "google_sql_database_instance.this";
    if (ds.type == "redis") return "google_redis_instance.this";
    if (ds.type == "bucket") return "google_storage_bucket.this";
    return "google_pubsub_topic.this";
  }
  std::string import_id(const Datastore& ds, const DatastoreWiring&) const override {
    const std::string& project = c_.env.gcp_project;
    if (ds.type == "postgres") return "projects/" + project + "/instances/" + ds.adopt;
    if (ds.type == "redis")
      return "projects/" + project + "/locations/" + c_.env.region + "/instances/" + ds.adopt;
    if (ds.type == "bucket") return project + "/" + ds.adopt;
    return "projects/" + project + "/topics/" + ds.adopt;
  }

  // roles/pubsub.publisher on exactly that topic; the subscription stays the owner's.
  void publish(const Target& owner, const Datastore& queue, DatastoreWiring& wiring) override {
    std::string name = datastore_resource_name(c_.model, owner, queue);
    Location at;  // the publishes: entry, which a plan cites when the grant comes or goes
    for (const auto& p : c_.target.publishes)
      if (p.service == owner.service && p.queue == queue.name) at = p.location;
    access_.topics.items.push_back(TfExpr::str(name, at));
    wiring.known["queue_url"] = "projects/" + c_.env.gcp_project + "/topics/" + name;
  }

  TfBlock provider() const override {
    TfBlock p;
    p.type = "provider";
    p.labels = {"google"};
    p.set("project", TfExpr::str(c_.env.gcp_project, c_.env.location));
    p.set("region", TfExpr::str(c_.env.region));
    p.set("default_labels",
          gcp_labels(c_.model.project.name, c_.target.env, c_.target.service, c_.target.team));
    return p;
  }

 private:
  const BackendContext& c_;
  bool production_;
  std::string network_;
  bool cloud_run_;
  Access access_;
};

}  // namespace

std::unique_ptr<CloudBackend> gcp_backend(const BackendContext& context) {
  return std::make_unique<GcpBackend>(context);
}

}  // namespace infrac
