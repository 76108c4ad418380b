// The Google Cloud backend of lowering (GKE runtime): a root module per target calling infrac's
// modules/gcp/* (or the project's override), with names checked against stdlib/clouds/gcp.yaml.
// The Kubernetes side is the same as on AWS, with GKE's workload identity annotation and the
// Secret Manager secret store.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "base/hash.h"
#include "lower/backend_support.h"
#include "lower/lower.h"
#include "lower/root_module.h"
#include "resolve/cloud_tables.h"

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

TfExpr gcp_labels(const std::string& project, const std::string& env, const std::string& app,
                  const std::string& team) {
  TfExpr labels = TfExpr::object();
  labels.set("app", TfExpr::str(label_value(app)));
  labels.set("environment", TfExpr::str(label_value(env)));
  labels.set("managed-by", TfExpr::str("infrac"));
  labels.set("part-of", TfExpr::str(label_value(project)));
  labels.set("team", TfExpr::str(label_value(team)));
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
        production_(target.production),
        network_("projects/" + env_.gcp_project + "/global/networks/" + env_.cluster),
        cloud_run_(target.runtime == Runtime::CloudRun) {}

  CloudLowering run() {
    CloudLowering out;
    out.secret_store_name = table_.secret_store_name;
    out.secret_store_kind = table_.secret_store_kind;
    std::vector<TfBlock> calls, outputs;
    Access access;
    for (const auto& ds : target_.datastores) {
      if (reserved_datastore_name(ds, "identity", diagnostics_)) continue;
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
        no_module_for(ds, "Google Cloud", diagnostics_);
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
    if (!cloud_run_) {
      identity.set("kubernetes_namespace", TfExpr::str(target_.service));
      identity.set("kubernetes_service_account", TfExpr::str(target_.service));
    }
    RunEnv env;
    if (cloud_run_) {
      env = run_env(out.datastores);
      for (const auto& e : env.secrets.entries) access.secrets.items.push_back(e.value);
    }
    access.apply(identity);
    calls.insert(calls.begin(), std::move(identity));
    if (cloud_run_) cloud_run_components(calls, outputs, env);
    outputs.insert(outputs.begin(),
                   output_block("service_account_email", "module.workload_identity.email",
                                cloud_run_ ? "Google service account the service runs as."
                                           : "Google service account the service's pods act as."));

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

  // ---- runtime: cloudrun ----

  // Image tag -> revision suffix: "2.3.0" -> "2-3-0"; digests use their first 12 hex digits.
  static std::string revision_suffix(const std::string& tag, const std::string& digest) {
    std::string source = !tag.empty() ? tag : digest.substr(digest.find(':') + 1, 12);
    std::string out;
    for (char ch : source) {
      char l = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out += std::isalnum(static_cast<unsigned char>(l)) ? l : '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.substr(0, 30);
  }

  // Kubernetes quantities -> Cloud Run limits: CPU 1, 2, 4 or 8; memory at least 512Mi.
  static std::string run_cpu(const std::string& cpu) {
    double cores = cpu.ends_with("m") ? std::atof(cpu.c_str()) / 1000.0 : std::atof(cpu.c_str());
    for (int allowed : {1, 2, 4, 8}) {
      if (cores <= allowed) return std::to_string(allowed);
    }
    return "8";
  }
  static std::string run_memory(const std::string& memory) {
    double mib = std::atof(memory.c_str());
    if (memory.ends_with("Gi"))
      mib *= 1024;
    else if (memory.ends_with("G"))
      mib *= 1000.0 * 1000 * 1000 / (1024.0 * 1024);
    else if (memory.ends_with("M"))
      mib *= 1000.0 * 1000 / (1024.0 * 1024);
    else if (memory.ends_with("Ki"))
      mib /= 1024;
    else if (!memory.ends_with("Mi"))
      mib /= 1024.0 * 1024;
    long long out = std::max<long long>(512, static_cast<long long>(mib + 0.999));
    return out % 1024 == 0 ? std::to_string(out / 1024) + "Gi" : std::to_string(out) + "Mi";
  }

  // Environment of every component: plain values, URLs of called Cloud Run services (read at
  // apply time), datastore outputs (known now, or module outputs), and secret references.
  struct RunEnv {
    TfExpr plain = TfExpr::object(), secrets = TfExpr::object();
    std::vector<std::string> callees;
  };
  // `wirings`: what lowering the datastores found out (values known now, secrets).
  RunEnv run_env(const std::vector<DatastoreWiring>& wirings) {
    RunEnv out;
    for (const auto& v : target_.env_vars) {
      switch (v.source) {
        case EnvSource::Literal:
          out.plain.set(v.name, TfExpr::str(v.value, v.location));
          break;
        case EnvSource::ServiceUrl:
          out.plain.set(v.name,
                        TfExpr::ref("data.google_cloud_run_v2_service." + snake(v.callee) + ".uri",
                                    v.location));
          out.callees.push_back(v.callee);
          break;
        case EnvSource::Secret:
          out.secrets.set(v.name, TfExpr::str(v.secret_key, v.location));
          break;
        case EnvSource::DatastoreOutput: {
          auto wiring = std::find_if(wirings.begin(), wirings.end(), [&](const DatastoreWiring& w) {
            return w.datastore == v.datastore;
          });
          if (wiring == wirings.end()) break;
          std::string id = "module." + snake(v.datastore);
          if (auto known = wiring->known.find(v.output); known != wiring->known.end()) {
            out.plain.set(v.name, TfExpr::str(known->second, v.location));
          } else if (v.output == "host" || v.output == "port") {
            out.plain.set(v.name, TfExpr::ref("tostring(" + id + "." + v.output + ")", v.location));
          } else if (v.output == "username") {
            out.plain.set(v.name, TfExpr::str("app", v.location));
          } else if (v.output == "password") {
            out.secrets.set(v.name, TfExpr::ref(id + ".password_secret_id", v.location));
          } else if (v.output == "auth_token") {
            out.secrets.set(v.name, TfExpr::ref(id + ".auth_secret_id", v.location));
          }
          break;
        }
      }
    }
    std::sort(out.callees.begin(), out.callees.end());
    out.callees.erase(std::unique(out.callees.begin(), out.callees.end()), out.callees.end());
    return out;
  }

  void common_run_arguments(TfBlock& b, const Component& c, const RunEnv& env) {
    b.set("project", TfExpr::str(env_.gcp_project));
    b.set("region", TfExpr::str(env_.region));
    b.set("image",
          TfExpr::str(deployed_image(target_.image, options_.image_tag), target_.image.location));
    if (!c.command.empty()) b.set("command", TfExpr::strings(c.command, c.location));
    if (!c.args.empty()) b.set("args", TfExpr::strings(c.args, c.location));
    b.set("cpu", TfExpr::str(run_cpu(c.cpu), c.resources_location));
    b.set("memory", TfExpr::str(run_memory(c.memory), c.resources_location));
    b.set("service_account_email", TfExpr::ref("module.workload_identity.email"));
    b.set("network", TfExpr::str(network_));
    if (!env.plain.entries.empty()) b.set("env", env.plain);
    if (!env.secrets.entries.empty()) b.set("secret_env", env.secrets);
    b.set("deletion_protection", TfExpr::flag(production_));
    b.set("labels", component_labels_of(c));
  }

  TfExpr component_labels_of(const Component& c) {
    TfExpr labels = TfExpr::object();
    labels.set("component", TfExpr::str(label_value(c.name), c.location));
    return labels;
  }

  void cloud_run_components(std::vector<TfBlock>& calls, std::vector<TfBlock>& outputs,
                            const RunEnv& env) {
    std::string suffix = revision_suffix(deployed_tag(), target_.image.digest);
    for (const auto& c : target_.components) {
      std::string id = snake(c.name);
      if (c.type == ComponentType::Http || c.type == ComponentType::Worker) {
        std::string name =
            checked("cloud_run_service", target_.component_object_name(c), c.location);
        TfBlock b = call_module(id, "gcp/cloudrun-service", c.location);
        b.set("name", TfExpr::str(name, c.location), true);
        common_run_arguments(b, c, env);
        std::string revision =
            checked("cloud_run_job", name + "-" + suffix, target_.image.location);
        b.set("revision", TfExpr::str(revision, target_.image.location));
        b.set("revision_tag", TfExpr::str("v" + suffix, target_.image.location));
        Location at = c.rollout_location.known() ? c.rollout_location : c.location;
        b.set("traffic_percent", TfExpr::num(c.rollout_percent, at));
        if (!c.rollout_stable.empty()) {
          std::string stable = revision_suffix(c.rollout_stable, "");
          b.set("stable_revision", TfExpr::str(name + "-" + stable, at));
          b.set("stable_revision_tag", TfExpr::str("v" + stable, at));
        }
        b.set("min_instances", TfExpr::num(c.min_replicas, c.replicas_location));
        b.set("max_instances", TfExpr::num(std::max(c.max_replicas, 1), c.replicas_location));
        b.set("port", TfExpr::num(c.port > 0 ? c.port : 8080, c.location));
        if (!c.health_path.empty()) b.set("health_path", TfExpr::str(c.health_path, c.location));
        // Public components are invoked by the environment's API gateway only; everything
        // else stays internal (Pub/Sub push counts as internal traffic).
        b.set("ingress",
              TfExpr::str(c.is_public ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
                          c.location));
        if (c.type == ComponentType::Worker && !c.consumes.empty()) {
          b.set("invoker_service_accounts",
                TfExpr::list({TfExpr::ref("module.workload_identity.email")}));
          for (const auto& q : c.consumes) push_to(calls, q, id);
        }
        outputs.push_back(output_block(id + "_url", "module." + id + ".uri",
                                       "URL of the Cloud Run service of " + c.name + "."));
        calls.push_back(std::move(b));
      } else if (c.type == ComponentType::Cron || c.type == ComponentType::Job) {
        std::string name = checked("cloud_run_job", target_.service + "-" + c.name, c.location);
        TfBlock b = call_module(id, "gcp/cloudrun-job", c.location);
        b.set("name", TfExpr::str(name, c.location), true);
        common_run_arguments(b, c, env);
        if (c.timeout_seconds > 0)
          b.set("timeout_seconds", TfExpr::num(c.timeout_seconds, c.location));
        if (c.type == ComponentType::Cron) {
          b.set("schedule", TfExpr::str(c.schedule, c.location));
          b.set("time_zone", TfExpr::str(c.timezone.empty() ? "Etc/UTC" : c.timezone, c.location));
        }
        calls.push_back(std::move(b));
      }
    }
    for (const auto& callee : env.callees) {
      TfBlock data;
      data.type = "data";
      data.labels = {"google_cloud_run_v2_service", snake(callee)};
      data.set("name", TfExpr::str(callee));
      data.set("project", TfExpr::str(env_.gcp_project));
      data.set("location", TfExpr::str(env_.region));
      calls.push_back(std::move(data));
    }
  }

  std::string deployed_tag() const {
    std::string image = deployed_image(target_.image, options_.image_tag);
    std::size_t at = image.find('@');
    std::string name = image.substr(0, at);
    std::size_t colon = name.rfind(':');
    std::size_t slash = name.rfind('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
      return name.substr(colon + 1);
    return {};
  }

  // Pub/Sub pushes the queue's messages to the worker's Cloud Run service.
  void push_to(std::vector<TfBlock>& calls, const std::string& queue, const std::string& worker) {
    for (auto& b : calls) {
      if (b.type == "module" && !b.labels.empty() && b.labels[0] == snake(queue)) {
        b.set("push_endpoint", TfExpr::ref("module." + worker + ".uri"));
        b.set("push_service_account_email", TfExpr::ref("module.workload_identity.email"));
      }
    }
  }

  TfBlock provider() {
    TfBlock p;
    p.type = "provider";
    p.labels = {"google"};
    p.set("project", TfExpr::str(env_.gcp_project, env_.location));
    p.set("region", TfExpr::str(env_.region));
    p.set("default_labels",
          gcp_labels(model_.project.name, target_.env, target_.service, target_.team));
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
  bool cloud_run_;
};

}  // namespace

CloudLowering lower_gcp(const Model& model, const Target& target, const LowerOptions& options,
                        Diagnostics& diagnostics) {
  return GcpLowering(model, target, options, diagnostics).run();
}

}  // namespace infrac
