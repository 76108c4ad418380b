// The AWS backend of lowering: a root module per target calling infrac's modules/aws/*
// (or the project's override), with names checked against stdlib/clouds/aws.yaml.
#include <algorithm>
#include <optional>

#include "lower/backend_support.h"
#include "lower/lower.h"
#include "lower/root_module.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

class AwsLowering {
 public:
  AwsLowering(const Model& model, const Target& target, const LowerOptions& options,
              Diagnostics& diagnostics)
      : model_(model),
        target_(target),
        options_(options),
        diagnostics_(diagnostics),
        table_(cloud_table(Cloud::Aws)),
        env_(*model.project.environment(target.env)),
        base_(model.project.name + "-" + target.env + "-" + target.service),
        production_(target.production) {}

  CloudLowering run() {
    CloudLowering out;
    out.secret_store_name = table_.secret_store_name;
    out.secret_store_kind = table_.secret_store_kind;
    std::vector<TfBlock> calls;
    std::vector<TfBlock> outputs;
    TfExpr bucket_arns = TfExpr::list(), queue_arns = TfExpr::list();
    for (const auto& ds : target_.datastores) {
      if (reserved_datastore_name(ds, "IAM", diagnostics_)) continue;
      DatastoreWiring wiring;
      wiring.datastore = ds.name;
      wiring.location = ds.location;
      std::optional<TfBlock> call;
      if (ds.type == "postgres") {
        call = postgres(ds, wiring, outputs);
      } else if (ds.type == "redis") {
        call = redis(ds, wiring, outputs);
      } else if (ds.type == "bucket") {
        call = bucket(ds, wiring, outputs);
        if (call) bucket_arns.items.push_back(TfExpr::ref("module." + snake(ds.name) + ".arn"));
      } else if (ds.type == "queue") {
        call = queue(ds, wiring, outputs);
        if (call) queue_arns.items.push_back(TfExpr::ref("module." + snake(ds.name) + ".arn"));
      } else {
        no_module_for(ds, "AWS", diagnostics_);
        continue;
      }
      if (call) calls.push_back(std::move(*call));
      out.datastores.push_back(std::move(wiring));
    }
    std::string role = checked_name("iam_role", base_, service_location());
    out.service_account_annotations.emplace_back(table_.service_account_annotation,
                                                 "arn:aws:iam::" + env_.account + ":role/" + role);
    TfBlock identity =
        module_call("workload_identity", "aws/workload-identity", service_location());
    identity.set("name", TfExpr::str(role), true);
    identity.set("cluster_name", TfExpr::str(env_.cluster));
    identity.set("namespace", TfExpr::str(target_.service));
    identity.set("service_account", TfExpr::str(target_.service));
    if (!bucket_arns.items.empty()) identity.set("bucket_arns", std::move(bucket_arns));
    if (!queue_arns.items.empty()) identity.set("queue_arns", std::move(queue_arns));
    calls.insert(calls.begin(), std::move(identity));
    outputs.insert(outputs.begin(), output("role_arn", "module.workload_identity.role_arn",
                                           "IAM role assumed by the service's pods."));

    RootModuleParts parts;
    parts.required_version = model_.project.terraform.required_version;
    for (const auto& p : table_.providers) {
      bool needed =
          p.name == "aws" ||
          (p.name == "random" && std::any_of(target_.datastores.begin(), target_.datastores.end(),
                                             [](const Datastore& d) {
                                               return d.type == "postgres" || d.type == "redis";
                                             }));
      if (needed) parts.providers.push_back(p);
    }
    parts.provider_blocks.push_back(provider());
    parts.module_calls = std::move(calls);
    parts.outputs = std::move(outputs);
    out.terraform = build_root_module(model_, target_, std::move(parts));
    return out;
  }

 private:
  Location service_location() const {
    Location at = model_.service_location(target_.service);
    return at.known() ? at : Location{target_.file, 1, 1, 1};
  }

  std::string checked_name(const std::string& rule_id, const std::string& name, Location at) {
    return infrac::checked_name(table_, rule_id, name, at, diagnostics_);
  }

  TfBlock module_call(const std::string& name, const std::string& module, Location at) {
    return infrac::module_call(name, module, options_.module_source, at);
  }

  TfBlock output(const std::string& name, const std::string& value,
                 const std::string& description) {
    return output_block(name, value, description);
  }

  TfExpr component_tags(const Datastore& ds) {
    TfExpr tags = TfExpr::object();
    tags.set("app.kubernetes.io/component", TfExpr::str(ds.name, ds.location));
    return tags;
  }

  std::optional<std::string> lookup(
      const std::map<std::string, std::map<std::string, std::string>>& table, const Datastore& ds,
      const std::string& key, const std::string& what) {
    return table_lookup(table, ds, key, what, "AWS", diagnostics_);
  }

  // Databases and caches write their connection details to a secret the pods read through
  // an ExternalSecret: <project>/<env>/<service>/<datastore>.
  void connection_secret(const Datastore& ds, TfBlock& call, DatastoreWiring& wiring,
                         std::vector<TfBlock>& outputs) {
    std::string secret = checked_name(
        "secret_name",
        model_.project.name + "/" + target_.env + "/" + target_.service + "/" + ds.name,
        ds.location);
    call.set("secret_name", TfExpr::str(secret));
    wiring.secret_key = secret;
    std::string id = snake(ds.name);
    outputs.push_back(output(id + "_secret_arn", "module." + id + ".secret_arn",
                             "Secret with the connection details of " + ds.name + "."));
  }

  std::optional<TfBlock> postgres(const Datastore& ds, DatastoreWiring& wiring,
                                  std::vector<TfBlock>& outputs) {
    std::string name = checked_name("rds_identifier", base_ + "-" + ds.name, ds.location);
    auto version = lookup(table_.versions, ds, ds.version, "version");
    auto instance = lookup(table_.sizes, ds, ds.size, "size");
    if (!version || !instance) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = module_call(id, "aws/postgres", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("engine_version", TfExpr::str(*version, ds.location));
    b.set("instance_class", TfExpr::str(*instance, ds.location));
    b.set("allocated_storage", TfExpr::num(ds.storage_gb > 0 ? ds.storage_gb : 20, ds.location));
    b.set("multi_az", TfExpr::flag(ds.ha, ds.location));
    b.set("deletion_protection", TfExpr::flag(production_, ds.location));
    b.set("backup_retention_days",
          TfExpr::num(production_ ? table_.production_backup_days : table_.other_backup_days));
    b.set("cluster_name", TfExpr::str(env_.cluster));
    connection_secret(ds, b, wiring, outputs);
    b.set("tags", component_tags(ds));
    return b;
  }

  std::optional<TfBlock> redis(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) {
    std::string name = checked_name("elasticache_group", base_ + "-" + ds.name, ds.location);
    auto version = lookup(table_.versions, ds, ds.version, "version");
    auto node = lookup(table_.sizes, ds, ds.size, "size");
    if (!version || !node) return std::nullopt;
    std::string id = snake(ds.name);
    TfBlock b = module_call(id, "aws/redis", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("engine_version", TfExpr::str(*version, ds.location));
    b.set("node_type", TfExpr::str(*node, ds.location));
    b.set("high_availability", TfExpr::flag(ds.ha, ds.location));
    b.set("snapshot_retention_days", TfExpr::num(production_ ? 7 : 0));
    b.set("cluster_name", TfExpr::str(env_.cluster));
    connection_secret(ds, b, wiring, outputs);
    b.set("tags", component_tags(ds));
    return b;
  }

  std::optional<TfBlock> bucket(const Datastore& ds, DatastoreWiring& wiring,
                                std::vector<TfBlock>& outputs) {
    std::string name = checked_name("s3_bucket", base_ + "-" + ds.name, ds.location);
    std::string id = snake(ds.name);
    TfBlock b = module_call(id, "aws/bucket", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("versioning", TfExpr::flag(ds.versioning, ds.location));
    b.set("force_destroy", TfExpr::flag(!production_));
    b.set("tags", component_tags(ds));
    wiring.known["bucket"] = name;
    outputs.push_back(
        output(id + "_bucket", "module." + id + ".name", "Name of the bucket " + ds.name + "."));
    return b;
  }

  std::optional<TfBlock> queue(const Datastore& ds, DatastoreWiring& wiring,
                               std::vector<TfBlock>& outputs) {
    std::string name = base_ + "-" + ds.name;
    std::string suffix = ds.fifo ? ".fifo" : "";
    checked_name("sqs_queue", name + "-dlq" + suffix, ds.location);
    std::string id = snake(ds.name);
    TfBlock b = module_call(id, "aws/queue", ds.location);
    b.set("name", TfExpr::str(name, ds.location), true);
    b.set("fifo", TfExpr::flag(ds.fifo, ds.location));
    b.set("tags", component_tags(ds));
    // SQS queue URLs are a function of region, account and name, so pods get them as plain
    // configuration and a plan shows them.
    wiring.known["queue_url"] =
        "https://sqs." + env_.region + ".amazonaws.com/" + env_.account + "/" + name + suffix;
    outputs.push_back(
        output(id + "_queue_url", "module." + id + ".url", "URL of the queue " + ds.name + "."));
    return b;
  }

  TfBlock provider() {
    TfBlock p;
    p.type = "provider";
    p.labels = {"aws"};
    p.set("region", TfExpr::str(env_.region));
    p.set("allowed_account_ids", TfExpr::strings({env_.account}, env_.location));
    TfBlock defaults;
    defaults.type = "default_tags";
    defaults.set("tags", standard_tags(model_, target_));
    p.blocks.push_back(std::move(defaults));
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
};

}  // namespace

CloudLowering lower_aws(const Model& model, const Target& target, const LowerOptions& options,
                        Diagnostics& diagnostics) {
  return AwsLowering(model, target, options, diagnostics).run();
}

}  // namespace infrac
