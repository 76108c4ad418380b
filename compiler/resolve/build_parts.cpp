#include "resolve/build_parts.h"

#include <cstdlib>

#include "resolve/stdlib.h"
#include "resolve/values.h"
#include "spec/burn_rate.h"
#include "spec/duration.h"
#include "spec/quantity.h"
#include "spec/slo_values.h"

namespace infrac {
namespace {

ComponentType component_type(std::string_view name) {
  if (name == "grpc") return ComponentType::Grpc;
  if (name == "worker") return ComponentType::Worker;
  if (name == "cron") return ComponentType::Cron;
  if (name == "job") return ComponentType::Job;
  return ComponentType::Http;
}

// Which component fields apply to which types; anything else is E0114.
bool field_applies(std::string_view field, ComponentType type) {
  bool traffic = serves_traffic(type);
  if (field == "port" || field == "expose") return traffic;
  if (field == "health") return type == ComponentType::Http || type == ComponentType::Worker;
  if (field == "replicas" || field == "autoscale") return traffic || type == ComponentType::Worker;
  if (field == "consumes") return type == ComponentType::Worker;
  if (field == "schedule" || field == "timezone") return type == ComponentType::Cron;
  if (field == "timeout") return type == ComponentType::Cron || type == ComponentType::Job;
  if (field == "rollout") return type == ComponentType::Http;
  if (field == "run") return type == ComponentType::Job;
  if (field == "metrics") return traffic || type == ComponentType::Worker;
  return true;
}

// health.liveness is an http component's second path; port and command are a worker's check.
bool health_field_applies(std::string_view field, ComponentType type) {
  if (field == "liveness") return type == ComponentType::Http;
  if (field == "port" || field == "command") return type == ComponentType::Worker;
  return true;
}

bool datastore_field_applies(std::string_view field, std::string_view type) {
  bool known = type == "postgres" || type == "redis" || type == "bucket" || type == "queue";
  if (!known) return true;  // unapproved types are judged by policy, not here
  if (field == "version" || field == "size" || field == "ha") {
    return type == "postgres" || type == "redis";
  }
  if (field == "storage_gb" || field == "edition") return type == "postgres";
  if (field == "versioning") return type == "bucket";
  if (field == "fifo") return type == "queue";
  if (field == "major_upgrade") return type == "postgres" || type == "redis";
  return true;
}

// http: a readiness path and an optional cheap liveness path; worker: an HTTP endpoint
// (port and path) or a command. Fields of the other kind are E0114.
void health(const Node& n, Component& c, const ComponentDefaults& def, Diagnostics& diagnostics) {
  if (c.type == ComponentType::Http) c.health_path = def.health_path;
  const MapEntry* h = n.find_entry("health");
  // Other types got E0114 for the whole field.
  if (!h || !h->value.is_map() ||
      (c.type != ComponentType::Http && c.type != ComponentType::Worker))
    return;
  const Node& health = h->value;
  if (const Node* startup = health.find("startup")) {
    c.startup_seconds = static_cast<int>(duration_seconds(startup->text).value_or(60));
  }
  if (c.type == ComponentType::Http) {
    c.health_path = text_at(health, "path", def.health_path);
    c.liveness_path = text_at(health, "liveness");
  } else {
    c.health_path = text_at(health, "path");
    c.health_port = int_at(health, "port", 0);
    if (const Node* cmd = health.find("command")) {
      for (const auto& item : cmd->items) c.health_command.push_back(item.text);
    }
    bool http = c.health_port > 0, exec = !c.health_command.empty();
    if (http == exec || (http && c.health_path.empty()) || (exec && health.find("path"))) {
      Diagnostic& d =
          diagnostics.add(DiagCode::kMissingField, h->key_location,
                          "worker '" + c.name + "': health takes either port and path, or command");
      d.help = "health: {port: 8081, path: /healthz}, or health: {command: [bin/healthcheck]}";
    }
  }
  for (const auto& e : health.entries) {
    if (health_field_applies(e.key, c.type)) continue;
    Diagnostic& d = diagnostics.add(DiagCode::kFieldNotForType, e.key_location,
                                    "health." + e.key + " does not apply to " +
                                        std::string(component_type_name(c.type)) + " component '" +
                                        c.name + "'");
    d.help = "remove it";
  }
}

// The stdlib's endpoint unless the spec moves it or turns it off (metrics: false); via is the
// component's own or the project's. Pushed metrics (otlp) have no endpoint on the pod, so no
// port for the ServiceMonitor, the Service or the scraper's NetworkPolicy rule.
void metrics(const Node& n, Component& c, const ComponentDefaults& def,
             const MetricsDefault& project, Diagnostics& diagnostics) {
  c.metrics_location = c.location;
  if (!field_applies("metrics", c.type)) return;
  c.metrics_port = def.metrics_port;
  c.metrics_path = def.metrics_path;
  c.metrics_via = c.metrics_port > 0 ? project.via : MetricsVia::None;
  c.metrics_via_location = project.location;
  const MapEntry* m = n.find_entry("metrics");
  if (m) c.metrics_location = m->key_location;
  if (m && m->value.kind == NodeKind::Bool && !m->value.as_bool()) {
    c.metrics_port = 0;
    c.metrics_via = MetricsVia::None;
    return;
  }
  if (m && m->value.is_map()) {
    c.metrics_port = int_at(m->value, "port", def.metrics_port);
    c.metrics_path = text_at(m->value, "path", def.metrics_path);
    if (const Node* via = m->value.find("via")) {
      c.metrics_via = via->text == "otlp" ? MetricsVia::Otlp : MetricsVia::Prometheus;
      c.metrics_via_location = via->location;
    }
  }
  if (c.metrics_via != MetricsVia::Otlp) return;
  c.metrics_port = 0;
  c.metrics_path.clear();
  for (const char* field : {"port", "path"}) {
    const MapEntry* e = m && m->value.is_map() ? m->value.find_entry(field) : nullptr;
    if (!e) continue;
    diagnostics
        .add(DiagCode::kMetricsFieldNotForVia, e->key_location,
             "metrics." + std::string(field) + " of '" + c.name +
                 "': its metrics are pushed to the collector (via: otlp), the pod serves none")
        .help =
        "remove " + std::string(field) + ", or write via: prometheus to serve and scrape them";
  }
}

// security: run_as_user and run_as_group, the component's over the service's over stdlib's.
void security(const Node& n, const Node* service_security, Component& c) {
  const Stdlib& defaults = stdlib();
  c.run_as_user = defaults.run_as_user;
  c.run_as_group = defaults.run_as_group;
  for (const Node* s : {service_security, n.find("security")}) {
    if (!s || !s->is_map()) continue;
    c.security_location = s->location;
    if (const Node* user = s->find("run_as_user"); user && user->kind == NodeKind::Int)
      c.run_as_user = user->as_int();
    if (const Node* group = s->find("run_as_group"); group && group->kind == NodeKind::Int)
      c.run_as_group = group->as_int();
  }
}

// Fields the component's type does not read are refused, not ignored.
void check_fields_apply(const Node& n, const Component& c, Diagnostics& diagnostics) {
  for (const auto& field : n.entries) {
    if (field_applies(field.key, c.type)) continue;
    Diagnostic& d = diagnostics.add(DiagCode::kFieldNotForType, field.key_location,
                                    "component '" + c.name + "' is of type " +
                                        std::string(component_type_name(c.type)) + "; '" +
                                        field.key + "' does not apply to it");
    if (field.key == "health" && c.type == ComponentType::Grpc) {
      d.help = "grpc components are probed with the gRPC health protocol; remove health";
    } else {
      d.help = "remove '" + field.key + "'";
    }
  }
}

void replicas(const Node& n, Component& c, const ComponentDefaults& def, Diagnostics& diagnostics) {
  c.min_replicas = c.max_replicas = def.replicas;
  c.replicas_location = c.location;
  const MapEntry* r = n.find_entry("replicas");
  if (!r) return;
  c.replicas_location = r->key_location;
  if (r->value.kind == NodeKind::Int) {
    c.min_replicas = c.max_replicas = static_cast<int>(r->value.as_int());
  } else if (r->value.is_map()) {
    c.min_replicas = int_at(r->value, "min", def.replicas);
    c.max_replicas = int_at(r->value, "max", c.min_replicas);
    if (c.min_replicas > c.max_replicas) {
      const Node* max = r->value.find("max");
      diagnostics.add(DiagCode::kReplicasRange, max ? max->location : r->key_location,
                      "component '" + c.name + "': replicas.min (" +
                          std::to_string(c.min_replicas) + ") is greater than replicas.max (" +
                          std::to_string(c.max_replicas) + ")");
    }
  }
}

void resources(const Node& n, Component& c, const ComponentDefaults& def,
               Diagnostics& diagnostics) {
  c.autoscale_cpu = def.autoscale_cpu;
  if (const Node* a = n.find("autoscale")) c.autoscale_cpu = int_at(*a, "cpu", def.autoscale_cpu);
  c.cpu = def.cpu;
  c.memory = def.memory;
  c.resources_location = c.location;
  if (const MapEntry* r = n.find_entry("resources")) {
    c.resources_location = r->key_location;
    c.cpu = text_at(r->value, "cpu", def.cpu);
    c.memory = text_at(r->value, "memory", def.memory);
  }
  // A limit above the request lets a job or a spiky worker burst into the node's spare memory
  // (Burstable QoS: evicted before Guaranteed pods under node pressure); below it, the pod
  // could never use what it asked for, and Kubernetes refuses it.
  c.memory_limit = c.memory;
  const Node* r = n.find("resources");
  const Node* limit = r ? r->find("memory_limit") : nullptr;
  if (!limit) return;
  c.memory_limit = limit->text;
  // An unreadable quantity is E0162 already; comparing it would add a second error.
  std::optional<std::int64_t> limit_bytes = memory_bytes(c.memory_limit);
  std::optional<std::int64_t> request_bytes = memory_bytes(c.memory);
  if (limit_bytes && request_bytes && *limit_bytes < *request_bytes) {
    Diagnostic& d =
        diagnostics.add(DiagCode::kOutOfRange, limit->location,
                        "component '" + c.name + "': resources.memory_limit (" + c.memory_limit +
                            ") is below resources.memory (" + c.memory + ")");
    d.help = "raise memory_limit to at least " + c.memory + ", or lower memory";
  }
}

// Schedule, deadline, rollout and how a job runs.
void timing(const Node& n, Component& c, Diagnostics& diagnostics) {
  c.schedule = text_at(n, "schedule");
  c.timezone = text_at(n, "timezone");
  if (c.type == ComponentType::Cron && c.schedule.empty()) {
    Diagnostic& d = diagnostics.add(DiagCode::kMissingField, c.location,
                                    "cron component '" + c.name + "' has no schedule");
    d.help = "add schedule: \"0 3 * * *\" (five cron fields)";
  }
  if (const Node* timeout = n.find("timeout")) {
    c.timeout_seconds = duration_seconds(timeout->text).value_or(0);
  }
  if (const MapEntry* r = n.find_entry("rollout")) {
    c.rollout_location = r->key_location;
    c.rollout_percent = int_at(r->value, "percent", 100);
  }
  if (const MapEntry* r = n.find_entry("run"); r && c.type == ComponentType::Job) {
    c.run_location = r->value.location;
    c.run = r->value.text == "before-rollout" ? JobRun::BeforeRollout
            : r->value.text == "every-deploy" ? JobRun::EveryDeploy
                                              : JobRun::Once;
  }
}

// One port, two meanings: the ServiceMonitor would scrape the API, and the scraper's
// NetworkPolicy rule would open the API to it (and its callers' rule the metrics).
void check_metrics_port(const Node& n, const Component& c, Diagnostics& diagnostics) {
  if (!c.metrics_port || !serves_traffic(c.type) || c.metrics_port != c.port) return;
  const Node* port = n.find("port");
  bool moved = n.find("metrics") && n.find("metrics")->kind == NodeKind::Map;
  Diagnostic& d = diagnostics.add(DiagCode::kMetricsPortCollision,
                                  moved ? c.metrics_location : (port ? port->location : c.location),
                                  "component '" + c.name + "' serves on port " +
                                      std::to_string(c.port) + ", which is also its metrics port");
  d.help = "give the metrics endpoint a port of its own, such as metrics: {port: " +
           std::to_string(c.port == 9091 ? 9092 : 9091) + "}";
}

}  // namespace

void check_metrics_ports_across(const std::vector<Component>& components,
                                Diagnostics& diagnostics) {
  for (const auto& a : components) {
    for (const auto& b : components) {
      if (&a == &b || !a.metrics_port || !serves_traffic(b.type) || a.metrics_port != b.port)
        continue;
      // The scraper's rule admits the namespace's metrics ports on every pod of the service.
      diagnostics
          .add(DiagCode::kMetricsPortCollision, a.metrics_location,
               "component '" + a.name + "' exposes metrics on port " +
                   std::to_string(a.metrics_port) + ", which component '" + b.name +
                   "' serves on: the metrics scraper could call " + b.name)
          .help = "give " + a.name + "'s metrics a port no component serves on, such as " +
                  "metrics: {port: " + std::to_string(b.port == 9091 ? 9092 : 9091) + "}";
    }
  }
}

namespace {

// Where the component's node `n` writes what the policy subject shows.
ComponentWritten written_fields(const Node& n) {
  auto at = [&](std::initializer_list<std::string_view> path) -> ComponentWritten::At {
    const Node* node = find_path(n, path);
    return node ? ComponentWritten::At(node->location) : std::nullopt;
  };
  ComponentWritten w;
  w.type = at({"type"});
  w.port = at({"port"});
  w.expose = at({"expose"});
  w.command = at({"command"});
  w.args = at({"args"});
  w.consumes = at({"consumes"});
  w.schedule = at({"schedule"});
  w.timezone = at({"timezone"});
  w.health = at({"health"});
  w.health_path = at({"health", "path"});
  w.replicas = at({"replicas"});
  w.replicas_min = at({"replicas", "min"});
  w.replicas_max = at({"replicas", "max"});
  w.autoscale = at({"autoscale"});
  w.autoscale_cpu = at({"autoscale", "cpu"});
  w.cpu = at({"resources", "cpu"});
  w.memory = at({"resources", "memory"});
  w.memory_limit = at({"resources", "memory_limit"});
  w.timeout = at({"timeout"});
  if (w.timeout) w.timeout_text = n.find("timeout")->text;
  return w;
}

}  // namespace

Component build_component(const MapEntry& entry, const Node* service_security,
                          const MetricsDefault& metrics_default, Diagnostics& diagnostics) {
  const Stdlib& defaults = stdlib();
  const Node& n = entry.value;
  Component c;
  c.name = entry.key;
  c.location = entry.key_location;
  c.type = component_type(text_at(n, "type"));
  check_fields_apply(n, c, diagnostics);
  const ComponentDefaults& def = defaults.components.at(c.type);
  c.port = serves_traffic(c.type) ? int_at(n, "port", def.port) : 0;
  if (const Node* cmd = n.find("command")) {
    for (const auto& item : cmd->items) c.command.push_back(item.text);
  }
  if (const Node* args = n.find("args")) {
    for (const auto& item : args->items) c.args.push_back(item.text);
  }
  replicas(n, c, def, diagnostics);
  resources(n, c, def, diagnostics);
  security(n, service_security, c);
  c.pre_stop_seconds = def.pre_stop_seconds;
  c.termination_grace_seconds = def.termination_grace_seconds;
  c.startup_seconds = def.startup_seconds;
  health(n, c, def, diagnostics);
  c.is_public = serves_traffic(c.type) && text_at(n, "expose", "internal") == "public";
  if (const Node* consumes = n.find("consumes")) {
    for (const auto& item : consumes->items) c.consumes.push_back(item.text);
  }
  timing(n, c, diagnostics);
  metrics(n, c, def, metrics_default, diagnostics);
  check_metrics_port(n, c, diagnostics);
  if (const Node* renamed = n.find("renamed_from")) {
    c.renamed_from = renamed->text;
    c.renamed_from_location = renamed->location;
  }
  c.written = written_fields(n);
  return c;
}

// Destinations outside the cluster, each a host or a CIDR block with a port.
std::vector<Egress> build_egress(const Node& spec, Diagnostics& diagnostics) {
  std::vector<Egress> out;
  const Node* egress = spec.find("egress");
  if (!egress) return out;
  for (const auto& item : egress->items) {
    Egress e;
    e.host = text_at(item, "host");
    e.cidr = text_at(item, "cidr");
    e.port = int_at(item, "port", 0);
    e.reason = text_at(item, "reason");
    e.location = item.location;
    if (e.host.empty() == e.cidr.empty()) {
      Diagnostic& d = diagnostics.add(DiagCode::kMissingField, item.location,
                                      "an egress destination names a host or a cidr, not " +
                                          std::string(e.host.empty() ? "neither" : "both"));
      d.help = "egress: [{host: api.stripe.com, port: 443}] or [{cidr: 10.20.0.0/16, port: 5432}]";
      continue;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Datastore build_datastore(const MapEntry& entry, Diagnostics& diagnostics) {
  const Stdlib& defaults = stdlib();
  const Node& n = entry.value;
  Datastore d;
  d.name = entry.key;
  d.location = entry.key_location;
  d.type = text_at(n, "type");
  d.type_location = n.find("type") ? n.find("type")->location : d.location;
  for (const auto& field : n.entries) {
    if (!datastore_field_applies(field.key, d.type)) {
      Diagnostic& diag = diagnostics.add(DiagCode::kFieldNotForType, field.key_location,
                                         "datastore '" + d.name + "' is of type " + d.type + "; '" +
                                             field.key + "' does not apply to it");
      diag.help = "remove '" + field.key + "'";
    }
  }
  auto def = defaults.datastores.find(d.type);
  DatastoreDefaults none;
  const DatastoreDefaults& dd = def == defaults.datastores.end() ? none : def->second;
  d.version = text_at(n, "version", dd.version);
  d.size = text_at(n, "size", dd.size);
  d.version_location = location_at(n, {"version"}, Location{});
  d.size_location = location_at(n, {"size"}, Location{});
  d.ha_location = location_at(n, {"ha"}, Location{});
  d.storage_gb_location = location_at(n, {"storage_gb"}, Location{});
  d.versioning_location = location_at(n, {"versioning"}, Location{});
  d.fifo_location = location_at(n, {"fifo"}, Location{});
  d.ha = bool_at(n, "ha", false);
  d.storage_gb = int_at(n, "storage_gb", dd.storage_gb);
  d.versioning = bool_at(n, "versioning", false);
  d.fifo = bool_at(n, "fifo", false);
  if (const Node* edition = n.find("edition")) {
    d.edition = edition->text == "enterprise_plus" ? "ENTERPRISE_PLUS" : "ENTERPRISE";
    d.edition_location = edition->location;
  }
  if (const Node* adopt = n.find("adopt")) {
    d.adopt = adopt->text;
    d.adopt_location = adopt->location;
  }
  if (const Node* renamed = n.find("renamed_from")) {
    d.renamed_from = renamed->text;
    d.renamed_from_location = renamed->location;
  }
  d.major_upgrade = bool_at(n, "major_upgrade", false);
  d.major_upgrade_location = location_at(n, {"major_upgrade"}, Location{});
  return d;
}

}  // namespace infrac

namespace infrac {
namespace {

SloObjective objective_at(const Node& parent, std::string_view key) {
  SloObjective o;
  const Node* n = find_path(parent, {key, "objective"});
  if (!n) return o;
  o.text = n->text;
  o.objective = objective_thousandths(n->text).value_or(0);
  o.location = n->location;
  return o;
}

// The measured component: the one named, or the first http/grpc component by name.
const Component* measured_component(const MapEntry& slo, const std::vector<Component>& components,
                                    Diagnostics& diagnostics) {
  const Node* named = slo.value.find("component");
  for (const auto& c : components) {
    if (named ? c.name != named->text : !serves_traffic(c.type)) continue;
    if (serves_traffic(c.type)) return &c;
    diagnostics
        .add(DiagCode::kInvalidSlo, named->location,
             "component '" + c.name + "' is a " + std::string(component_type_name(c.type)) +
                 ": it serves no requests an SLO could count")
        .help = "measure an http or grpc component";
    return nullptr;
  }
  Diagnostic& d = diagnostics.add(
      DiagCode::kInvalidSlo, named ? named->location : slo.key_location,
      named ? "the service has no component '" + named->text + "'"
            : "the service has no http or grpc component whose requests an SLO could count");
  d.help = named ? "name one of the service's http or grpc components"
                 : "remove slo; watch workers through their standard alerts";
  return nullptr;
}

// An objective so low that the fastest window's threshold exceeds a 100% error rate pages
// never: the service looks watched and is not.
bool fast_burn_fires(const SloObjective& o, int window_days, Diagnostics& diagnostics) {
  const BurnWindow& fastest = burn_windows().front();
  if (window_can_fire(fastest, window_days, o.objective)) return true;
  std::int64_t lowest = o.objective;
  while (lowest < kObjectiveScale && !window_can_fire(fastest, window_days, lowest)) lowest += 10;
  diagnostics
      .add(DiagCode::kInvalidSlo, o.location,
           "objective " + o.text + "%: its " + fastest.long_window +
               " burn-rate alert would fire "
               "only when more than every request fails, so it never pages")
      .help = "an objective of at least " + exact_decimal(lowest, 1000) + "% over " +
              std::to_string(window_days) +
              " days; a service this unreliable is watched by its standard alerts";
  return false;
}

}  // namespace

std::optional<Slo> build_slo(const Node& spec, const std::vector<Component>& components,
                             Diagnostics& diagnostics) {
  const MapEntry* entry = spec.find_entry("slo");
  if (!entry || !entry->value.is_map()) return std::nullopt;
  Slo slo;
  slo.location = entry->key_location;
  slo.window_days = text_at(entry->value, "window", "28d") == "30d" ? 30 : 28;
  slo.availability = objective_at(entry->value, "availability");
  slo.latency = objective_at(entry->value, "latency");
  if (const Node* t = find_path(entry->value, {"latency", "threshold"}))
    slo.latency_threshold_ms = latency_milliseconds(t->text).value_or(0);
  if (!slo.availability.location.known() && !slo.latency.location.known()) {
    diagnostics
        .add(DiagCode::kInvalidSlo, entry->key_location,
             "slo sets neither availability nor latency")
        .help = "availability: {objective: 99.9}, latency: {objective: 99, threshold: 250ms}";
    return std::nullopt;
  }
  const Component* c = measured_component(*entry, components, diagnostics);
  if (!c) return std::nullopt;
  slo.component = c->name;
  for (const SloObjective* o : {&slo.availability, &slo.latency}) {
    if (o->location.known() && !fast_burn_fires(*o, slo.window_days, diagnostics))
      return std::nullopt;
  }
  return slo;
}

}  // namespace infrac
