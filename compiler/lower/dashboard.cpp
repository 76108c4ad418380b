#include "lower/dashboard.h"

#include "base/hash.h"
#include "lower/backend_support.h"
#include "lower/lower.h"
#include "lower/request_metrics.h"
#include "lower/slo_rules.h"
#include "lower/standard_alerts.h"

namespace infrac {
namespace {

struct Query {
  std::string expr, legend;
};

struct PanelSpec {
  std::string title, type, unit;  // type: timeseries | stat
  std::vector<Query> queries;
};

// Rows of panels six columns wide, four to a line, eight high, numbered in order.
class Layout {
 public:
  void row(const std::string& title) {
    wrap();
    if (x_ != 0) y_ += kHeight;
    x_ = 0;
    panels_.items.push_back(KValue::map({{"id", KValue::num(++id_)},
                                         {"type", KValue::str("row")},
                                         {"title", KValue::str(title)},
                                         {"collapsed", KValue::flag(false)},
                                         {"gridPos", grid(24, 1)},
                                         {"panels", KValue::list()}}));
    y_ += 1;
  }

  void add(const PanelSpec& p) {
    wrap();
    KValue targets = KValue::list();
    char ref = 'A';
    for (const auto& q : p.queries) {
      // The panel's data source applies to its queries.
      targets.items.push_back(KValue::map({{"refId", KValue::str(std::string(1, ref++))},
                                           {"expr", KValue::str(q.expr)},
                                           {"legendFormat", KValue::str(q.legend)}}));
    }
    panels_.items.push_back(KValue::map(
        {{"id", KValue::num(++id_)},
         {"type", KValue::str(p.type)},
         {"title", KValue::str(p.title)},
         {"datasource", datasource()},
         {"gridPos", grid(kWidth, kHeight)},
         {"fieldConfig", KValue::map({{"defaults", KValue::map({{"unit", KValue::str(p.unit)}})},
                                      {"overrides", KValue::list()}})},
         {"targets", std::move(targets)}}));
    x_ += kWidth;
  }

  KValue take() { return std::move(panels_); }

  static KValue datasource() {
    return KValue::map(
        {{"type", KValue::str("prometheus")}, {"uid", KValue::str("${datasource}")}});
  }

 private:
  static constexpr int kWidth = 6, kHeight = 8;
  void wrap() {
    if (x_ + kWidth > 24) {
      x_ = 0;
      y_ += kHeight;
    }
  }
  KValue grid(int w, int h) const {
    return KValue::map({{"h", KValue::num(h)},
                        {"w", KValue::num(w)},
                        {"x", KValue::num(x_)},
                        {"y", KValue::num(y_)}});
  }
  KValue panels_ = KValue::list();
  int id_ = 0, x_ = 0, y_ = 0;
};

std::string rate(const std::string& series, const std::string& matchers) {
  return "sum(rate(" + series + "{" + matchers + "}[$__rate_interval]))";
}

void slo_rows(const Target& t, Layout& layout) {
  auto slos = slo_definitions(t);
  if (slos.empty()) return;
  std::string window = std::to_string(t.slo->window_days) + "d";
  layout.row("Service level (" + window + ")");
  for (const auto& slo : slos) {
    std::string of = "{slo_id=\"" + slo.id + "\"}";
    std::string what = slo.name + " (objective " + slo.objective_text + "%)";
    layout.add({"SLI " + what,
                "stat",
                "percentunit",
                {{"1 - slo:sli_error:ratio_rate" + window + of, slo.name}}});
    layout.add({"Error budget remaining, " + slo.name,
                "stat",
                "percentunit",
                {{"slo:period_error_budget_remaining:ratio" + of, "remaining"}}});
    layout.add(
        {"Burn rate, " + slo.name,
         "timeseries",
         "none",
         {{"slo:current_burn_rate:ratio" + of, "5m"},
          {"slo:sli_error:ratio_rate1h" + of +
               " / on (slo_id, slo_service, slo_name) group_left slo:error_budget:ratio" + of,
           "1h"}}});
  }
}

void golden_signals(const Target& t, const Component& c, Layout& layout) {
  RequestMetrics m = request_metrics(c.type);
  std::string sel = component_matchers(t, c);
  std::string unit = m.seconds ? "s" : "ms";
  layout.add({"Traffic", "timeseries", "reqps", {{rate(m.count, sel), "requests/s"}}});
  layout.add(
      {"Errors",
       "timeseries",
       "percentunit",
       {{"(" + rate(m.count, sel + "," + m.server_error) + " or vector(0)) / " + rate(m.count, sel),
         "server errors"}}});
  std::vector<Query> latency;
  for (const char* q : {"0.5", "0.95", "0.99"}) {
    latency.push_back({"histogram_quantile(" + std::string(q) + ", sum by (le) (rate(" + m.bucket +
                           "{" + sel + "}[$__rate_interval])))",
                       "p" + std::string(q).substr(2) + (std::string(q).size() == 3 ? "0" : "")});
  }
  layout.add({"Latency", "timeseries", unit, latency});
}

void saturation(const Target& t, const Component& c, Layout& layout) {
  std::string container = "namespace=\"" + t.service + "\",container=\"" + c.name + "\"";
  std::string deployment =
      "namespace=\"" + t.service + "\",deployment=\"" + t.service + "-" + c.name + "\"";
  layout.add({"CPU",
              "timeseries",
              "cores",
              {{rate("container_cpu_usage_seconds_total", container), "used"}}});
  layout.add({"Memory",
              "timeseries",
              "bytes",
              {{"sum(container_memory_working_set_bytes{" + container + "})", "working set"}}});
  layout.add({"Replicas",
              "timeseries",
              "none",
              {{"sum(kube_deployment_status_replicas_available{" + deployment + "})", "available"},
               {"sum(kube_deployment_spec_replicas{" + deployment + "})", "desired"}}});
  layout.add({"Restarts",
              "timeseries",
              "none",
              {{"sum(increase(kube_pod_container_status_restarts_total{" + container + "}[1h]))",
                "restarts in the last hour"}}});
}

void job_rows(const Target& t, Layout& layout) {
  bool any = false;
  for (const auto& c : t.components) {
    if (c.type != ComponentType::Cron && c.type != ComponentType::Job) continue;
    if (!any) layout.row("Runs");
    any = true;
    std::string jobs =
        "namespace=\"" + t.service + "\",job_name=~\"" + job_name_pattern(t, c) + "\"";
    layout.add({c.name + ": runs",
                "timeseries",
                "none",
                {{"sum(kube_job_status_succeeded{" + jobs + "})", "succeeded"},
                 {"sum(kube_job_failed{" + jobs + ",condition=\"true\"})", "failed"}}});
    if (c.type == ComponentType::Cron) {
      layout.add({c.name + ": since last success",
                  "stat",
                  "s",
                  {{"time() - max(kube_cronjob_status_last_successful_time{namespace=\"" +
                        t.service + "\",cronjob=\"" + t.service + "-" + c.name + "\"})",
                    "age"}}});
    }
  }
}

// Cloud metrics as the exporters name them (see the header).
void aws_datastore(const std::string& name, const Datastore& ds, Layout& layout) {
  auto yace = [&](const std::string& metric, const std::string& dimension,
                  const std::string& value) {
    return metric + "{dimension_" + dimension + "=\"" + value + "\"}";
  };
  if (ds.type == "postgres") {
    layout.add({ds.name + ": CPU",
                "timeseries",
                "percent",
                {{yace("aws_rds_cpuutilization_average", "DBInstanceIdentifier", name), "cpu"}}});
    layout.add({ds.name + ": connections",
                "timeseries",
                "none",
                {{yace("aws_rds_database_connections_average", "DBInstanceIdentifier", name),
                  "connections"}}});
    layout.add(
        {ds.name + ": free storage",
         "timeseries",
         "bytes",
         {{yace("aws_rds_free_storage_space_average", "DBInstanceIdentifier", name), "free"}}});
  } else if (ds.type == "redis") {
    std::string members =
        "aws_elasticache_engine_cpuutilization_average{dimension_CacheClusterId=~\"" + name +
        "-[0-9]+\"}";
    layout.add({ds.name + ": engine CPU",
                "timeseries",
                "percent",
                {{members, "{{dimension_CacheClusterId}}"}}});
    layout.add(
        {ds.name + ": memory used",
         "timeseries",
         "percent",
         {{"aws_elasticache_database_memory_usage_percentage_average{dimension_CacheClusterId=~\"" +
               name + "-[0-9]+\"}",
           "{{dimension_CacheClusterId}}"}}});
  } else if (ds.type == "queue") {
    std::string suffix = ds.fifo ? ".fifo" : "";
    layout.add({ds.name + ": depth",
                "timeseries",
                "none",
                {{yace("aws_sqs_approximate_number_of_messages_visible_average", "QueueName",
                       name + suffix),
                  "visible"},
                 {yace("aws_sqs_approximate_number_of_messages_visible_average", "QueueName",
                       name + "-dlq" + suffix),
                  "dead letters"}}});
    layout.add(
        {ds.name + ": oldest message",
         "timeseries",
         "s",
         {{yace("aws_sqs_approximate_age_of_oldest_message_average", "QueueName", name + suffix),
           "age"}}});
  }
}

void gcp_datastore(const Model& model, const Target& t, const std::string& name,
                   const Datastore& ds, Layout& layout) {
  const Environment* env = model.project.environment(t.env);
  std::string project = env ? env->gcp_project : "";
  if (ds.type == "postgres") {
    std::string db = "{database_id=\"" + project + ":" + name + "\"}";
    layout.add({ds.name + ": CPU",
                "timeseries",
                "percentunit",
                {{"cloudsql_googleapis_com:database_cpu_utilization" + db, "cpu"}}});
    layout.add({ds.name + ": connections",
                "timeseries",
                "none",
                {{"sum(cloudsql_googleapis_com:database_postgresql_num_backends" + db + ")",
                  "backends"}}});
    layout.add({ds.name + ": disk used",
                "timeseries",
                "percentunit",
                {{"cloudsql_googleapis_com:database_disk_utilization" + db, "disk"}}});
  } else if (ds.type == "redis") {
    std::string instance = "{instance_id=\"projects/" + project + "/locations/" +
                           (env ? env->region : "") + "/instances/" + name + "\"}";
    layout.add({ds.name + ": CPU",
                "timeseries",
                "none",
                {{"sum(rate(redis_googleapis_com:stats_cpu_utilization" + instance +
                      "[$__rate_interval]))",
                  "cpu s/s"}}});
    layout.add({ds.name + ": memory used",
                "timeseries",
                "percentunit",
                {{"redis_googleapis_com:stats_memory_usage_ratio" + instance, "memory"}}});
  } else if (ds.type == "queue") {
    auto sub = [&](const std::string& id) { return "{subscription_id=\"" + id + "\"}"; };
    layout.add(
        {ds.name + ": depth",
         "timeseries",
         "none",
         {{"pubsub_googleapis_com:subscription_num_undelivered_messages" + sub(name),
           "undelivered"},
          {"pubsub_googleapis_com:subscription_num_undelivered_messages" + sub(name + "-dlq"),
           "dead letters"}}});
    layout.add(
        {ds.name + ": oldest message",
         "timeseries",
         "s",
         {{"pubsub_googleapis_com:subscription_oldest_unacked_message_age" + sub(name), "age"}}});
  }
}

void datastore_rows(const Model& model, const Target& t, Layout& layout) {
  bool any = false;
  for (const auto& ds : t.datastores) {
    if (ds.type != "postgres" && ds.type != "redis" && ds.type != "queue") continue;
    if (!any) layout.row("Datastores");
    any = true;
    // The name the module gives the resource: the adopted one, or the name before a rename.
    std::string name = datastore_resource_name(model, t, ds);
    if (model.project.cloud == Cloud::Gcp) {
      gcp_datastore(model, t, name, ds, layout);
    } else {
      aws_datastore(name, ds, layout);
    }
  }
}

KValue templating() {
  return KValue::map(
      {{"list", KValue::list({KValue::map({{"name", KValue::str("datasource")},
                                           {"label", KValue::str("Prometheus")},
                                           {"type", KValue::str("datasource")},
                                           {"query", KValue::str("prometheus")}})})}});
}

}  // namespace

std::string dashboard_uid(const Model& model, const Target& t) {
  std::string uid = model.project.name + "-" + t.env + "-" + t.service;
  if (uid.size() <= 40) return uid;
  return uid.substr(0, 31) + "-" + short_hash(uid, 8);
}

KValue grafana_dashboard(const Model& model, const Target& t) {
  Layout layout;
  slo_rows(t, layout);
  for (const auto& c : t.components) {
    if (c.type == ComponentType::Cron || c.type == ComponentType::Job) continue;
    layout.row(c.name + " (" + std::string(component_type_name(c.type)) + ")");
    if (serves_traffic(c.type)) golden_signals(t, c, layout);
    saturation(t, c, layout);
  }
  job_rows(t, layout);
  datastore_rows(model, t, layout);
  std::string description = t.description.empty() ? "" : t.description + " ";
  return KValue::map(
      {{"uid", KValue::str(dashboard_uid(model, t))},
       {"title", KValue::str(t.service + " (" + t.env + ")")},
       {"description", KValue::str(description + "Generated by infrac from services/" + t.service +
                                   "/service.yaml; owned by team " + t.team + ".")},
       {"tags", KValue::strings({"infrac", model.project.name, t.env, "team:" + t.team})},
       {"editable", KValue::flag(false)},
       {"schemaVersion", KValue::num(39)},
       {"version", KValue::num(1)},
       {"refresh", KValue::str("1m")},
       {"time", KValue::map({{"from", KValue::str("now-6h")}, {"to", KValue::str("now")}})},
       {"timezone", KValue::str("browser")},
       {"templating", templating()},
       {"panels", layout.take()}});
}

}  // namespace infrac
