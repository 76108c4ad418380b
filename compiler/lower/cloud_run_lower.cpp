#include "lower/cloud_run_lower.h"

#include <algorithm>
#include <cstdlib>

#include "ir/content_hash.h"
#include "lower/backend_support.h"
#include "lower/slo_rules.h"
#include "lower/telemetry.h"
#include "spec/burn_rate.h"
#include "spec/quantity.h"
#include "spec/slo_values.h"

namespace infrac {
namespace {

class CloudRunLowering {
 public:
  CloudRunLowering(const BackendContext& context, const std::string& network)
      : c_(context), network_(network), production_(context.target.production) {}

  // Arguments that are not part of the revision template: the service's name and place,
  // who may call it, and where traffic goes.
  static bool outside_template(const std::string& argument) {
    for (const char* name :
         {"source", "name", "project", "region", "ingress", "invoker_service_accounts",
          "deletion_protection", "revision", "revision_tag", "traffic_percent", "slos",
          "slo_window_days", "burn_rate_alerts", "notification_channels"}) {
      if (argument == name) return true;
    }
    return false;
  }

  // A revision is named after everything in its template, so any change to the template (an
  // env value, a limit, the image) makes a new revision, and an unchanged template keeps its
  // name: Cloud Run refuses a second revision of one name (409), and a traffic move alone
  // must not create one. The rest of a rollout's traffic stays on the revision serving now,
  // which the module reads from the live service (modules/gcp/cloudrun-service).
  void name_revision(TfBlock& b, const std::string& name, const Component& c) {
    TfExpr template_args = TfExpr::object();
    for (const auto& a : b.attributes) {
      if (!outside_template(a.name)) template_args.set(a.name, a.value);
    }
    std::string hash = content_hash(template_args, 10);
    std::string revision = c_.checked("cloud_run_job", name + "-" + hash, c.location);
    b.set("revision", TfExpr::str(revision, c_.target.image.location));
    b.set("revision_tag", TfExpr::str("r" + hash, c_.target.image.location));
    Location at = c.rollout_location.known() ? c.rollout_location : c.location;
    b.set("traffic_percent", TfExpr::num(c.rollout_percent, at));
  }

  // Kubernetes quantities -> Cloud Run limits: CPU 1, 2, 4 or 8; memory at least 512Mi.
  // The quantities were checked (E0162); one reading of them, every unit included.
  static std::string run_cpu(const std::string& cpu) {
    std::int64_t millicores = cpu_millicores(cpu).value_or(1000);
    for (int allowed : {1, 2, 4, 8}) {
      if (millicores <= allowed * 1000) return std::to_string(allowed);
    }
    return "8";
  }
  static std::string run_memory(const std::string& memory) {
    std::int64_t mib = (memory_bytes(memory).value_or(0) + (1 << 20) - 1) >> 20;
    std::int64_t out = std::max<std::int64_t>(512, mib);
    return out % 1024 == 0 ? std::to_string(out / 1024) + "Gi" : std::to_string(out) + "Mi";
  }

  void common_run_arguments(TfBlock& b, const Component& c, const CloudRunEnv& env) {
    b.set("project", TfExpr::str(c_.env.gcp_project));
    b.set("region", TfExpr::str(c_.env.region));
    b.set("image", TfExpr::str(deployed_image(c_.target.image, c_.options.image_tag),
                               c_.target.image.location));
    if (!c.command.empty()) b.set("command", TfExpr::strings(c.command, c.location));
    if (!c.args.empty()) b.set("args", TfExpr::strings(c.args, c.location));
    b.set("cpu", TfExpr::str(run_cpu(c.cpu), c.resources_location));
    // Cloud Run has one memory setting, a limit: the component's memory_limit.
    b.set("memory", TfExpr::str(run_memory(c.memory_limit), c.resources_location));
    b.set("service_account_email", TfExpr::ref("module.workload_identity.email"));
    b.set("network", TfExpr::str(network_));
    // The OTLP endpoint is the cluster's collector, which Cloud Run cannot reach: the service
    // names itself; where its telemetry goes is Cloud Run's (Cloud Trace, Cloud Monitoring).
    TfExpr plain = env.plain;
    for (auto& [name, value] :
         telemetry_env(c_.model, c_.target, c,
                       deployed_version(c_.target.image, c_.options.image_tag), false))
      plain.set(name, TfExpr::str(value));
    b.set("env", std::move(plain));
    if (!env.secrets.entries.empty()) b.set("secret_env", env.secrets);
    b.set("deletion_protection", TfExpr::flag(production_));
    b.set("labels", component_labels_of(c));
  }

  TfExpr component_labels_of(const Component& c) {
    TfExpr labels = TfExpr::object();
    labels.set("component", TfExpr::str(gcp_label_value(c.name), c.location));
    return labels;
  }

  // The service's objectives on the component they measure: Cloud Monitoring SLOs and the
  // burn-rate windows of spec/burn_rate.h (the same table the PrometheusRule uses).
  void slo_arguments(TfBlock& b, const Component& c) const {
    const Target& t = c_.target;
    set_alert_targets(b, "notification_channels", t, c_.env);
    auto definitions = slo_definitions(t);
    if (definitions.empty() || definitions.front().component != &c) return;
    TfExpr slos = TfExpr::object();
    for (const auto& d : definitions) {
      TfExpr o = TfExpr::object();
      o.set("goal", TfExpr::decimal(exact_decimal(d.objective, kObjectiveScale), t.slo->location));
      o.set("latency_threshold_ms", TfExpr::num(d.threshold_ms, t.slo->location));
      slos.set(d.name, std::move(o));
    }
    b.set("slos", std::move(slos));
    b.set("slo_window_days", TfExpr::num(t.slo->window_days, t.slo->location));
    TfExpr windows = TfExpr::list();
    for (const auto& w : burn_windows()) {
      TfExpr o = TfExpr::object();
      o.set("long_seconds", TfExpr::num(w.long_minutes * 60));
      o.set("short_seconds", TfExpr::num(w.short_minutes * 60));
      o.set("factor", TfExpr::decimal(burn_factor(w, t.slo->window_days)));
      o.set("severity", TfExpr::str(severity_in(w, t.production)));
      windows.items.push_back(std::move(o));
    }
    b.set("burn_rate_alerts", std::move(windows));
  }

  void cloud_run_components(std::vector<TfBlock>& calls, std::vector<TfBlock>& outputs,
                            const CloudRunEnv& env) {
    for (const auto& c : c_.target.components) {
      std::string id = snake(c.name);
      if (c.type == ComponentType::Http || c.type == ComponentType::Worker) {
        // After a rename the service keeps its name: Cloud Run names cannot change in place.
        Component named = c;
        if (!c.renamed_from.empty()) named.name = c.renamed_from;
        std::string name =
            c_.checked("cloud_run_service", c_.target.component_object_name(named), c.location);
        TfBlock b = c_.call(id, "gcp/cloudrun-service", c.location);
        b.set("name", TfExpr::str(name, c.location), true);
        common_run_arguments(b, c, env);
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
        // A call to an internal-only service counts as internal only when it leaves through
        // the VPC (https://cloud.google.com/run/docs/securing/private-networking).
        if (!env.callees.empty()) b.set("vpc_egress", TfExpr::str("ALL_TRAFFIC"));
        slo_arguments(b, c);
        name_revision(b, name, c);
        outputs.push_back(output_block(id + "_url", "module." + id + ".uri",
                                       "URL of the Cloud Run service of " + c.name + "."));
        calls.push_back(std::move(b));
      } else if (c.type == ComponentType::Cron || c.type == ComponentType::Job) {
        std::string name =
            c_.checked("cloud_run_job",
                       c_.target.service + "-" + (c.renamed_from.empty() ? c.name : c.renamed_from),
                       c.location);
        TfBlock b = c_.call(id, "gcp/cloudrun-job", c.location);
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
    if (!env.callees.empty()) calls.push_back(project_data(c_.env.gcp_project));
    for (const auto& callee : env.callees) calls.push_back(invoker_grant(callee));
  }

  // The caller grants itself roles/run.invoker on each service it declares a call to, in its
  // own root module: the grant lives and dies with the declared dependency. It names the
  // callee by name, not through a read of it, so the plan does not need the callee to exist;
  // applying it does (the callee's root module is applied first, or the apply is repeated).
  // Callers send an ID token whose audience is the callee's URL (docs/security.md#calls).
  TfBlock invoker_grant(const std::string& callee) const {
    TfBlock grant;
    grant.type = "resource";
    grant.labels = {"google_cloud_run_v2_service_iam_member", "invoke_" + snake(callee)};
    grant.set("project", TfExpr::str(c_.env.gcp_project));
    grant.set("location", TfExpr::str(c_.env.region));
    grant.set("name", TfExpr::str(callee));
    grant.set("role", TfExpr::str("roles/run.invoker"));
    grant.set("member", TfExpr::ref("module.workload_identity.member"));
    return grant;
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

 private:
  const BackendContext& c_;
  const std::string& network_;
  bool production_;
};

}  // namespace

TfExpr cloud_run_url(const std::string& service, const std::string& region, Location at) {
  return TfExpr::ref("\"https://" + service + "-${data.google_project.environment.number}." +
                         region + ".run.app\"",
                     at);
}

TfBlock project_data(const std::string& project) {
  TfBlock data;
  data.type = "data";
  data.labels = {"google_project", "environment"};
  data.set("project_id", TfExpr::str(project));
  return data;
}

CloudRunEnv cloud_run_env(const Target& target, const std::vector<DatastoreWiring>& wirings,
                          const std::string& region) {
  CloudRunEnv out;
  for (const auto& v : target.env_vars) {
    switch (v.source) {
      case EnvSource::Literal:
        out.plain.set(v.name, TfExpr::str(v.value, v.location));
        break;
      case EnvSource::ServiceUrl:
        out.plain.set(v.name, cloud_run_url(v.callee, region, v.location));
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
        } else if (v.output == "username") {  // the IAM database user (modules/gcp/postgres)
          out.plain.set(v.name, TfExpr::ref(id + ".username", v.location));
        } else if (v.output == "dbname") {
          out.plain.set(v.name, TfExpr::str("app", v.location));  // modules/gcp/postgres
        } else if (v.output == "auth_token") {
          out.secrets.set(v.name, TfExpr::ref(id + ".auth_secret_id", v.location));
        } else if (v.output == "ca_cert") {
          out.secrets.set(v.name, TfExpr::ref(id + ".ca_secret_id", v.location));
        }
        break;
      }
    }
  }
  std::sort(out.callees.begin(), out.callees.end());
  out.callees.erase(std::unique(out.callees.begin(), out.callees.end()), out.callees.end());
  return out;
}

void lower_cloud_run(const BackendContext& context, const std::string& network,
                     const CloudRunEnv& env, std::vector<TfBlock>& calls,
                     std::vector<TfBlock>& outputs) {
  CloudRunLowering(context, network).cloud_run_components(calls, outputs, env);
}

}  // namespace infrac
