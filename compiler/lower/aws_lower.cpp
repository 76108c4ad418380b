// The AWS backend of lowering: a root module per target calling infrac's modules/aws/*
// (or the project's override), with names checked against stdlib/clouds/aws.yaml.
#include <algorithm>
#include <optional>

#include "lower/backend_support.h"
#include "lower/cloud_backend.h"
#include "lower/postgres_bootstrap.h"
#include "lower/root_module.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

class AwsBackend final : public CloudBackend {
 public:
  explicit AwsBackend(const BackendContext& context)
      : c_(context), production_(context.target.production) {}

  std::string_view display_name() const override { return "AWS"; }
  std::string_view identity_module() const override { return "IAM"; }

  // One IAM role per service, assumed by its pods and its secret reader through IRSA, allowed
  // exactly the buckets, queues, connection secrets and database users lowered above, and the
  // secret keys its spec reads (E0140 has checked that they are its own or shared with it).
  void identity(CloudParts& parts) override {
    std::string role = c_.checked("iam_role", c_.base, c_.service_location());
    // Under EKS Pod Identity the association names the service account; an IRSA annotation
    // would take precedence in the SDKs' credential chain, so there is none.
    bool pod_identity = c_.env.platform.identity == IdentityAgent::PodIdentity;
    std::pair<std::string, std::string> annotation{
        c_.table.service_account_annotation, "arn:aws:iam::" + c_.env.account + ":role/" + role};
    if (!pod_identity) parts.lowering.service_account_annotations.push_back(annotation);
    parts.lowering.secret_reader_annotations.push_back(annotation);
    TfBlock identity = c_.call("workload_identity", "aws/workload-identity", c_.service_location());
    identity.set("name", TfExpr::str(role), true);
    identity.set("cluster_name", TfExpr::str(c_.env.cluster));
    identity.set("namespace", TfExpr::str(c_.target.service));
    identity.set("service_account", TfExpr::str(c_.target.service));
    if (!c_.table.secret_reader.empty())
      identity.set("secret_reader_service_account", TfExpr::str(c_.table.secret_reader));
    if (pod_identity) identity.set("pod_identity", TfExpr::flag(true, c_.env.platform.location));
    if (!bucket_arns_.items.empty()) identity.set("bucket_arns", std::move(bucket_arns_));
    if (!queue_arns_.items.empty()) identity.set("queue_arns", std::move(queue_arns_));
    // A name's ARN ends in '-' and six random characters (Secrets Manager's documented
    // pattern for granting one secret by name, docs/security.md).
    for (const auto& key : secret_keys_read(c_.target)) {
      secret_arns_.items.push_back(TfExpr::str("arn:aws:secretsmanager:" + c_.env.region + ":" +
                                                   c_.env.account + ":secret:" + key + "-??????",
                                               secret_key_location(c_.target, key)));
    }
    if (!secret_arns_.items.empty()) identity.set("secret_arns", std::move(secret_arns_));
    if (!connect_arns_.items.empty())
      identity.set("database_connect_arns", std::move(connect_arns_));
    if (!publish_arns_.items.empty()) identity.set("publish_queue_arns", std::move(publish_arns_));
    if (!c_.target.iam.empty()) identity.set("extra_statements", extra_statements());
    parts.calls.insert(parts.calls.begin(), std::move(identity));
    parts.outputs.insert(parts.outputs.begin(),
                         output_block("role_arn", "module.workload_identity.role_arn",
                                      "IAM role assumed by the service's pods."));
  }

  // The platform model's subnets and admitted security groups, when it names them
  // (resolve/platform.h); the modules fall back to the cluster's.
  void place_datastore(TfBlock& b) const {
    const Platform& pl = c_.env.platform;
    auto strings = [&](const std::vector<std::string>& ids) {
      TfExpr list = TfExpr::list();
      for (const auto& id : ids) list.items.push_back(TfExpr::str(id, pl.location));
      return list;
    };
    if (!pl.datastore_subnets.empty()) b.set("subnet_ids", strings(pl.datastore_subnets));
    if (!pl.datastore_security_groups.empty())
      b.set("allowed_security_group_ids", strings(pl.datastore_security_groups));
  }

  // spec.iam: one statement per grant, its sid numbered in spec order (the reason stays in
  // the spec; IAM sids allow only letters and digits).
  TfExpr extra_statements() const {
    TfExpr list = TfExpr::list();
    int n = 0;
    for (const auto& g : c_.target.iam) {
      TfExpr st = TfExpr::object();
      st.set("sid", TfExpr::str("Extra" + std::to_string(++n), g.location));
      st.set("actions", TfExpr::strings(g.actions, g.location));
      st.set("resources", TfExpr::strings(g.resources, g.location));
      list.items.push_back(std::move(st));
    }
    return list;
  }

  // random generates cache AUTH tokens (databases use IAM authentication, and RDS manages
  // the master password).
  bool needs_provider(const std::string& name) const override {
    if (name == "aws") return true;
    return name == "random" && std::any_of(c_.target.datastores.begin(), c_.target.datastores.end(),
                                           [](const Datastore& d) { return d.type == "redis"; });
  }

 private:
  TfExpr component_tags(const Datastore& ds) const {
    TfExpr tags = TfExpr::object();
    tags.set("app.kubernetes.io/component", TfExpr::str(ds.name, ds.location));
    return tags;
  }

  std::optional<std::string> lookup(
      const std::map<std::string, std::map<std::string, std::string>>& rows, const Datastore& ds,
      const std::string& key, const std::string& what) const {
    return c_.lookup(rows, ds, key, what, "AWS");
  }

  // The secrets part of the backend: databases and caches write their connection details to
  // a Secrets Manager secret the pods read through an ExternalSecret:
  // <project>/<env>/<service>/<datastore>.
  void connection_secret(const Datastore& ds, TfBlock& call, DatastoreWiring& wiring,
                         std::vector<TfBlock>& outputs) {
    std::string secret =
        c_.checked("secret_name", connection_secret_name(c_.model, c_.target, ds), ds.location);
    call.set("secret_name", TfExpr::str(secret));
    wiring.secret_key = secret;
    std::string id = snake(ds.name);
    secret_arns_.items.push_back(TfExpr::ref("module." + id + ".secret_arn", ds.location));
    outputs.push_back(output_block(snake(ds.stem()) + "_secret_arn", "module." + id + ".secret_arn",
                                   "Secret with the connection details of " + ds.name + "."));
  }

  std::string resource_name(const Datastore& ds) const {
    return datastore_resource_name(c_.model, c_.target, ds);
  }

  // The module's CloudWatch alarms notify the owning team's topic in this environment.
  void alarm_actions(TfBlock& b) const { set_alert_targets(b, "alarm_actions", c_.target, c_.env); }

 public:
  std::optional<TfBlock> postgres(const Datastore& ds, DatastoreWiring& wiring,
                                  std::vector<TfBlock>& outputs) override {
    std::string name = c_.checked("rds_identifier", resource_name(ds), ds.location);
    auto version = lookup(c_.table.versions, ds, ds.version, "version");
    auto instance = lookup(c_.table.sizes, ds, ds.size, "size");
    if (ds.edition_location.known()) {
      Diagnostic& d = c_.diagnostics.add(DiagCode::kFieldNotForType, ds.edition_location,
                                         "edition is a Cloud SQL setting; RDS has none");
      d.help = "remove edition (the instance class follows size)";
      return std::nullopt;
    }
    if (!version || !instance) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "aws/postgres", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("engine_version", TfExpr::str(*version, ds.location));
    b.set("instance_class", TfExpr::str(*instance, ds.location));
    b.set("allocated_storage", TfExpr::num(ds.storage_gb > 0 ? ds.storage_gb : 20, ds.location));
    b.set("multi_az", TfExpr::flag(ds.ha, ds.location));
    if (ds.major_upgrade)
      b.set("allow_major_version_upgrade", TfExpr::flag(true, ds.major_upgrade_location));
    b.set("deletion_protection", TfExpr::flag(production_, ds.location));
    // Backups, windows, log exports and parameters of the environment class (stdlib).
    set_module_settings(b, c_.table, "aws/postgres", production_);
    b.set("cluster_name", TfExpr::str(c_.env.cluster));
    place_datastore(b);
    connection_secret(ds, b, wiring, outputs);
    // The module's database and application user (database_name, application_user: "app"),
    // owned by that user after the bootstrap; the master secret is the one RDS manages.
    if (bootstraps_roles(c_.model.project, c_.target, ds))
      wiring.bootstrap = DatabaseBootstrap{
          "app", "app", RoleOrigin::Bootstrap,
          "arn:aws:rds:" + c_.env.region + ":" + c_.env.account + ":db:" + name, ""};
    alarm_actions(b);
    b.set("tags", component_tags(ds));
    connect_arns_.items.push_back(TfExpr::ref("module." + id + ".connect_arn", ds.location));
    return b;
  }

  std::optional<TfBlock> redis(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) override {
    std::string name = c_.checked("elasticache_group", resource_name(ds), ds.location);
    auto version = lookup(c_.table.versions, ds, ds.version, "version");
    auto node = lookup(c_.table.sizes, ds, ds.size, "size");
    if (!version || !node) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "aws/redis", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("engine_version", TfExpr::str(*version, ds.location));
    b.set("node_type", TfExpr::str(*node, ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    // Snapshots, final snapshot, windows and secret recovery of the environment class.
    set_module_settings(b, c_.table, "aws/redis", production_);
    b.set("cluster_name", TfExpr::str(c_.env.cluster));
    place_datastore(b);
    wiring.known["tls"] = "true";  // transit_encryption_enabled in modules/aws/redis
    connection_secret(ds, b, wiring, outputs);
    alarm_actions(b);
    b.set("tags", component_tags(ds));
    return b;
  }

  std::optional<TfBlock> bucket(const Datastore& ds, DatastoreWiring& wiring,
                                std::vector<TfBlock>& outputs) override {
    std::string name = c_.checked("s3_bucket", resource_name(ds), ds.location);
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "aws/bucket", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("versioning", TfExpr::flag(ds.versioning, ds.location));
    b.set("force_destroy", TfExpr::flag(!production_));
    // Noncurrent versions and incomplete uploads expire (stdlib lifecycle days).
    set_module_settings(b, c_.table, "aws/bucket", production_);
    b.set("tags", component_tags(ds));
    wiring.known["bucket"] = name;
    bucket_arns_.items.push_back(TfExpr::ref("module." + id + ".arn", ds.location));
    outputs.push_back(output_block(snake(ds.stem()) + "_bucket", "module." + id + ".name",
                                   "Name of the bucket " + ds.name + "."));
    return b;
  }

  std::optional<TfBlock> queue(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) override {
    std::string name = resource_name(ds);
    std::string suffix = ds.fifo ? ".fifo" : "";
    c_.checked("sqs_queue", name + "-dlq" + suffix, ds.location);
    std::string id = snake(ds.name);
    TfBlock b = c_.call(id, "aws/queue", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("fifo", TfExpr::flag(ds.fifo, ds.location));
    alarm_actions(b);
    b.set("tags", component_tags(ds));
    // SQS queue URLs are a function of region, account and name, so pods get them as plain
    // configuration and a plan shows them.
    wiring.known["queue_url"] =
        "https://sqs." + c_.env.region + ".amazonaws.com/" + c_.env.account + "/" + name + suffix;
    queue_arns_.items.push_back(TfExpr::ref("module." + id + ".arn", ds.location));
    outputs.push_back(output_block(snake(ds.stem()) + "_queue_url", "module." + id + ".url",
                                   "URL of the queue " + ds.name + "."));
    return b;
  }

  // The main resource of each module and the import ids the AWS provider documents: the
  // identifier, replication group id, bucket name, and the queue's URL
  // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#import
  // and the Import sections of elasticache_replication_group, s3_bucket and sqs_queue).
  std::string adopted_resource(const Datastore& ds) const override {
    if (ds.type == "postgres") return "aws_db_instance.this";
    if (ds.type == "redis") return "aws_elasticache_replication_group.this";
    if (ds.type == "bucket") return "aws_s3_bucket.this";
    return "aws_sqs_queue.this";
  }
  std::string import_id(const Datastore& ds, const DatastoreWiring& wiring) const override {
    if (ds.type == "queue") return wiring.known.at("queue_url");
    return ds.adopt;
  }

  // Send rights only (SendMessage and what SDKs call before it); the owner keeps consuming.
  void publish(const Target& owner, const Datastore& queue, DatastoreWiring& wiring) override {
    std::string name =
        datastore_resource_name(c_.model, owner, queue) + (queue.fifo ? ".fifo" : "");
    Location at;  // the publishes: entry, which a plan cites when the grant comes or goes
    for (const auto& p : c_.target.publishes)
      if (p.service == owner.service && p.queue == queue.name) at = p.location;
    publish_arns_.items.push_back(
        TfExpr::str("arn:aws:sqs:" + c_.env.region + ":" + c_.env.account + ":" + name, at));
    wiring.known["queue_url"] =
        "https://sqs." + c_.env.region + ".amazonaws.com/" + c_.env.account + "/" + name;
  }

  TfBlock provider() const override {
    TfBlock p;
    p.type = "provider";
    p.labels = {"aws"};
    p.set("region", TfExpr::str(c_.env.region));
    p.set("allowed_account_ids", TfExpr::strings({c_.env.account}, c_.env.location));
    TfBlock defaults;
    defaults.type = "default_tags";
    defaults.set("tags", standard_tags(c_.model, c_.target));
    p.blocks.push_back(std::move(defaults));
    return p;
  }

 private:
  const BackendContext& c_;
  bool production_;
  TfExpr bucket_arns_ = TfExpr::list(), queue_arns_ = TfExpr::list(), secret_arns_ = TfExpr::list(),
         connect_arns_ = TfExpr::list(), publish_arns_ = TfExpr::list();
};

}  // namespace

std::unique_ptr<CloudBackend> aws_backend(const BackendContext& context) {
  return std::make_unique<AwsBackend>(context);
}

}  // namespace infrac
