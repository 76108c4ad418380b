#include "policy/views.h"

#include <algorithm>

#include "lower/postgres_bootstrap.h"
#include "lower/psql_job.h"
#include "resolve/resolve.h"
#include "spec/quantity.h"

namespace infrac {
namespace {

Node scalar(std::string text, Location at, NodeKind kind = NodeKind::String) {
  return scalar_node(std::move(text), at, kind);
}
Node flag(bool b, Location at) {
  return scalar(b ? "true" : "false", at, NodeKind::Bool);
}
Node number(long long v, Location at) {
  return scalar(std::to_string(v), at, NodeKind::Int);
}
Node map(Location at) {
  return map_node(at);
}
Node list(Location at) {
  return seq_node(at);
}
void put(Node& m, std::string key, Node value) {
  add_entry(m, std::move(key), std::move(value));
}

Node tf_expr(const TfExpr& e, Location fallback) {
  Location at = e.origin.known() ? e.origin : fallback;
  switch (e.kind) {
    case TfExpr::Kind::String:
    case TfExpr::Kind::Reference:
      return scalar(e.text, at);
    case TfExpr::Kind::Number:
      return e.text.empty() ? number(e.number, at) : scalar(e.text, at, NodeKind::Float);
    case TfExpr::Kind::Bool:
      return flag(e.boolean, at);
    case TfExpr::Kind::Null:
      return scalar("", at, NodeKind::Null);
    case TfExpr::Kind::List: {
      Node l = list(at);
      for (const auto& i : e.items) l.items.push_back(tf_expr(i, at));
      return l;
    }
    case TfExpr::Kind::Object: {
      Node m = map(at);
      for (const auto& i : e.entries) put(m, i.key, tf_expr(i.value, at));
      return m;
    }
  }
  return scalar("", at, NodeKind::Null);
}

}  // namespace

namespace {

// A component's kubernetes: escape hatch: only what it sets, each at its line.
Node kubernetes_view(const KubernetesEscape& k) {
  Node n = map(k.location);
  auto strings = [&](const std::map<std::string, std::string>& m,
                     const KubernetesEscape::WrittenMap& written) {
    Node out = map(written.at);
    for (const auto& [key, value] : m) {
      auto at = written.keys.find(key);
      put(out, key, scalar(value, at == written.keys.end() ? k.location : at->second));
    }
    return out;
  };
  if (!k.annotations.empty()) put(n, "annotations", strings(k.annotations, k.annotations_written));
  if (!k.labels.empty()) put(n, "labels", strings(k.labels, k.labels_written));
  if (!k.node_selector.empty())
    put(n, "node_selector", strings(k.node_selector, k.node_selector_written));
  if (!k.tolerations.empty()) {
    Location at = k.tolerations_location;
    Node list_node = list(at);
    for (const auto& t : k.tolerations) list_node.items.push_back(scalar(t.key, at));
    put(n, "tolerations", std::move(list_node));
  }
  if (!k.sidecars.empty()) {
    Node sidecars = map(k.sidecars_location);
    for (const auto& s : k.sidecars) {
      Node one = map(s.location);
      put(one, "image", scalar(s.image.reference, s.image.location));
      put(sidecars, s.name, std::move(one));
    }
    put(n, "sidecars", std::move(sidecars));
  }
  return n;
}

// CPU and memory as written, and as numbers for caps (the limits pack); each at the line that
// wrote it.
void put_resources(Node& n, const Component& c) {
  Location resources = c.resources_location.known() ? c.resources_location : c.location;
  put(n, "cpu", scalar(c.cpu, resources));
  put(n, "memory", scalar(c.memory, resources));
  const ComponentWritten& w = c.written;
  auto mib = [](const std::string& q) {
    return (memory_bytes(q).value_or(0) + (1 << 20) - 1) >> 20;
  };
  put(n, "cpu_millicores", number(cpu_millicores(c.cpu).value_or(0), w.cpu.value_or(resources)));
  Location memory = w.memory.value_or(resources);
  put(n, "memory_mib", number(mib(c.memory), memory));
  put(n, "memory_limit_mib", number(mib(c.memory_limit), w.memory_limit.value_or(memory)));
}

// One component as rules read it; each value at the line that wrote it (ComponentWritten).
Node component_view(const Component& c) {
  Node n = map(c.location);
  const ComponentWritten& w = c.written;
  auto at = [&](const ComponentWritten::At& field) { return field.value_or(c.location); };
  put(n, "type", scalar(std::string(component_type_name(c.type)), at(w.type)));
  if (serves_traffic(c.type)) put(n, "port", number(c.port, at(w.port)));
  // `replicas: 3` (one number) is both bounds; point at it where the (merged) spec wrote it.
  Location rl = w.replicas.value_or(c.replicas_location.known() ? c.replicas_location : c.location);
  Node replicas = map(rl);
  put(replicas, "min", number(c.min_replicas, w.replicas_min.value_or(rl)));
  put(replicas, "max", number(c.max_replicas, w.replicas_max.value_or(rl)));
  put(n, "replicas", std::move(replicas));
  put_resources(n, c);
  // Only what the spec says: a rule can ask a team to declare its health endpoint.
  if (w.health_path) put(n, "health_path", scalar(c.health_path, *w.health_path));
  // How the component's health is checked, when it is: a worker says so in its spec.
  std::string check = c.type == ComponentType::Grpc                             ? "grpc"
                      : c.type == ComponentType::Http && !c.health_path.empty() ? "http"
                      : c.health_port > 0                                       ? "http"
                      : !c.health_command.empty()                               ? "exec"
                                                                                : "";
  if (!check.empty()) put(n, "health_check", scalar(check, at(w.health)));
  put(n, "expose", scalar(c.is_public ? "public" : "internal", at(w.expose)));
  auto strings = [&](const std::vector<std::string>& items, const ComponentWritten::At& field) {
    Node l = list(at(field));
    for (const auto& i : items) l.items.push_back(scalar(i, at(field)));
    return l;
  };
  if (!c.command.empty()) put(n, "command", strings(c.command, w.command));
  if (!c.args.empty()) put(n, "args", strings(c.args, w.args));
  if (!c.consumes.empty()) put(n, "consumes", strings(c.consumes, w.consumes));
  if (!c.schedule.empty()) put(n, "schedule", scalar(c.schedule, at(w.schedule)));
  if (!c.timezone.empty()) put(n, "timezone", scalar(c.timezone, at(w.timezone)));
  if (w.timeout) {
    put(n, "timeout", scalar(w.timeout_text, *w.timeout));
    put(n, "timeout_seconds", number(c.timeout_seconds, *w.timeout));
  }
  if (c.max_replicas > c.min_replicas) {
    Node autoscale = map(at(w.autoscale));
    put(autoscale, "cpu", number(c.autoscale_cpu, w.autoscale_cpu.value_or(at(w.autoscale))));
    put(n, "autoscale", std::move(autoscale));
  }
  if (c.metrics_via != MetricsVia::None) {
    Node metrics = map(c.metrics_location);
    bool otlp = c.metrics_via == MetricsVia::Otlp;
    put(metrics, "via",
        scalar(otlp ? "otlp" : "prometheus",
               c.metrics_via_location.known() ? c.metrics_via_location : c.metrics_location));
    if (!otlp) {
      put(metrics, "port", number(c.metrics_port, c.metrics_location));
      put(metrics, "path", scalar(c.metrics_path, c.metrics_location));
    }
    put(n, "metrics", std::move(metrics));
  }
  if (c.rollout_location.known()) {
    Node rollout = map(c.rollout_location);
    put(rollout, "percent", number(c.rollout_percent, c.rollout_location));
    if (!c.rollout_stable.reference.empty())
      put(rollout, "stable", scalar(c.rollout_stable.reference, c.rollout_stable.location));
    put(n, "rollout", std::move(rollout));
  }
  if (!c.renamed_from.empty())
    put(n, "renamed_from", scalar(c.renamed_from, c.renamed_from_location));
  if (!c.kubernetes.empty()) put(n, "kubernetes", kubernetes_view(c.kubernetes));
  return n;
}

Node datastores_view(const Project& project, const Target& t, Location file_start) {
  Node datastores = map(t.written.datastores.value_or(file_start));
  for (const auto& d : t.datastores) {
    Node n = map(d.location);
    // Where the spec wrote a field, else the datastore (a stdlib default).
    auto at = [&](Location written) { return written.known() ? written : d.location; };
    put(n, "type", scalar(d.type, at(d.type_location)));
    if (!d.version.empty()) put(n, "version", scalar(d.version, at(d.version_location)));
    if (!d.size.empty()) put(n, "size", scalar(d.size, at(d.size_location)));
    put(n, "ha", flag(d.ha, at(d.ha_location)));
    if (d.type == "postgres") put(n, "storage_gb", number(d.storage_gb, at(d.storage_gb_location)));
    if (d.type == "bucket") put(n, "versioning", flag(d.versioning, at(d.versioning_location)));
    if (d.type == "queue") put(n, "fifo", flag(d.fifo, at(d.fifo_location)));
    if (!d.adopt.empty()) put(n, "adopt", scalar(d.adopt, d.adopt_location));
    if (!d.renamed_from.empty())
      put(n, "renamed_from", scalar(d.renamed_from, d.renamed_from_location));
    if (d.major_upgrade) put(n, "major_upgrade", flag(true, d.major_upgrade_location));
    if (bootstraps_roles(project, t, d)) {
      Location set = psql_image_location(project);
      put(n, "roles_image", scalar(psql_image(project), set.known() ? set : d.location));
    }
    put(datastores, d.name, std::move(n));
    datastores.entries.back().key_location = d.location;
  }
  return datastores;
}

Node secrets_view(const Model& model, const Target& t, Location file_start) {
  auto is_service = [&](std::string_view name) { return model.has_service(name); };
  Node secrets = map(t.written.secrets.value_or(file_start));
  for (const auto& e : t.env_vars) {
    if (e.source != EnvSource::Secret) continue;
    Node n = map(e.location);
    put(n, "key", scalar(e.secret_key, e.secret_key_location));
    if (!e.secret_property.empty()) put(n, "property", scalar(e.secret_property, e.location));
    put(n, "owner",
        scalar(
            std::string(secret_key_owner_in(e.secret_key, model.project.name, t.env, is_service)),
            e.secret_key_location));
    bool shared = false;
    for (const auto& s : model.project.shared_secrets) {
      shared = shared || (s.key == e.secret_key && std::find(s.services.begin(), s.services.end(),
                                                             t.service) != s.services.end());
    }
    put(n, "shared", flag(shared, e.secret_key_location));
    put(secrets, e.name, std::move(n));
    secrets.entries.back().key_location = e.location;
  }
  return secrets;
}

}  // namespace

// Where a missing alert route is fixed: the team's entry under environments.<env>.alerts in
// infrac.yaml, else that alerts key, else the environment.
static Location alert_route_location(const Model& model, const Target& t, Location fallback) {
  const Environment* e = model.project.environment(t.env);
  if (!e) return fallback;
  if (auto team = e->alert_locations.find(t.team); team != e->alert_locations.end())
    return team->second;
  if (e->alerts_location.known()) return e->alerts_location;
  return e->location.known() ? e->location : fallback;
}

// spec.slo as resolved, and where the team's alerts go in this environment.
static void observability_view(const Target& t, Location team, Node& v) {
  if (t.slo) {
    const Slo& s = *t.slo;
    Node slo = map(s.location);
    put(slo, "component", scalar(s.component, s.location));
    put(slo, "window_days", number(s.window_days, s.location));
    for (const auto& [name, o] :
         {std::pair{"availability", &s.availability}, {"latency", &s.latency}}) {
      if (o->objective == 0) continue;
      Node objective = map(o->location);
      put(objective, "objective", scalar(o->text, o->location, NodeKind::Float));
      if (std::string_view(name) == "latency")
        put(objective, "threshold_ms", number(s.latency_threshold_ms, o->location));
      put(slo, name, std::move(objective));
    }
    put(v, "slo", std::move(slo));
  }
  // Findings on routing point where the route is written: infrac.yaml.
  Node alerts = map(team);
  if (!t.alert_target.empty()) put(alerts, "route", scalar(t.alert_target, team));
  put(v, "alerts", std::move(alerts));
}

// "sqs:SendMessage on arn:...:audit" or "role roles/pubsub.publisher", for messages.
static std::string grant_in_words(const IamGrant& g) {
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
  };
  if (!g.role.empty()) return "role " + g.role;
  std::string out = join(g.actions);
  if (!g.resources.empty()) out += " on " + join(g.resources);
  return out;
}

// What the service takes beyond its own datastores and infrac's derivations: queues of other
// services, extra grants, destinations outside the cluster, its own .tf files and patches.
void escape_view(const Target& t, Location file_start, Location name_at, Node& v) {
  if (!t.publishes.empty()) {
    Node l = list(t.written.publishes.value_or(file_start));
    for (const auto& p : t.publishes)
      l.items.push_back(scalar(p.service + "." + p.queue, p.location));
    put(v, "publishes", std::move(l));
  }
  if (!t.iam.empty()) {
    Node l = list(t.written.iam.value_or(file_start));
    for (const auto& g : t.iam) {
      Node one = map(g.location);
      if (!g.role.empty()) put(one, "role", scalar(g.role, g.location));
      for (const auto& [field, items] :
           {std::pair{"actions", &g.actions}, {"resources", &g.resources}}) {
        if (items->empty()) continue;
        Node l = list(g.location);
        for (const auto& a : *items) l.items.push_back(scalar(a, g.location));
        put(one, field, std::move(l));
      }
      put(one, "grant", scalar(grant_in_words(g), g.location));
      put(one, "reason", scalar(g.reason, g.location));
      l.items.push_back(std::move(one));
    }
    put(v, "iam", std::move(l));
  }
  if (!t.egress.empty()) {
    Node l = list(t.written.egress.value_or(file_start));
    for (const auto& e : t.egress) {
      Node one = map(e.location);
      if (!e.host.empty()) put(one, "host", scalar(e.host, e.location));
      if (!e.cidr.empty()) put(one, "cidr", scalar(e.cidr, e.location));
      put(one, "port", number(e.port, e.location));
      put(one, "reason", scalar(e.reason, e.location));
      l.items.push_back(std::move(one));
    }
    put(v, "egress", std::move(l));
  }
  if (t.extra_terraform.empty() && t.kubernetes_patches.empty()) return;
  // The files are not in the spec: findings point at the service's name.
  Location at = name_at;
  Node files = map(name_at);
  for (const auto& [field, names] :
       {std::pair{"terraform", &t.extra_terraform}, {"patches", &t.kubernetes_patches}}) {
    if (names->empty()) continue;
    Node l = list(at);
    for (const auto& name : *names) l.items.push_back(scalar(name, at));
    put(files, field, std::move(l));
  }
  put(v, "files", std::move(files));
}

// The env field: every final variable by name, with its source and a literal's value.
static Node env_view(const Target& t, Location file_start) {
  Node env = map(t.written.env.value_or(file_start));
  for (const auto& e : t.env_vars) {
    Node n = map(e.location);
    put(n, "source", scalar(std::string(env_source_name(e.source)), e.location));
    if (e.source == EnvSource::Literal || e.source == EnvSource::ServiceUrl) {
      put(n, "value", scalar(e.value, e.value_location.known() ? e.value_location : e.location));
    }
    put(env, e.name, std::move(n));
    env.entries.back().key_location = e.location;
  }
  return env;
}

Node service_view(const Model& model, const Target& t, const ViewFields* only) {
  auto wants = [&](std::string_view field) { return !only || only->count(field) > 0; };
  const Service* service = model.service(t.service);
  Location file_start{t.file, 1, 1, 1};
  // Where metadata wrote a field, else the file's start.
  auto written = [&](Location Service::*field) {
    return service && (service->*field).known() ? service->*field : file_start;
  };

  Node v = map(file_start);
  put(v, "name", scalar(t.service, service ? service->name_location : file_start));
  put(v, "team", scalar(t.team, written(&Service::team_location)));
  put(v, "tier", scalar(t.tier, written(&Service::tier_location)));
  put(v, "runtime",
      scalar(t.runtime == Runtime::CloudRun ? "cloudrun" : "kubernetes", t.runtime_location));
  if (!t.description.empty())
    put(v, "description", scalar(t.description, written(&Service::description_location)));

  if (wants("image")) {
    Node image = map(t.image.location);
    put(image, "reference", scalar(t.image.reference, t.image.location));
    put(image, "repository", scalar(t.image.repository, t.image.location));
    if (!t.image.tag.empty()) put(image, "tag", scalar(t.image.tag, t.image.location));
    if (!t.image.digest.empty()) put(image, "digest", scalar(t.image.digest, t.image.location));
    put(v, "image", std::move(image));
  }
  if (wants("components")) {
    Node components = map(t.written.components.value_or(file_start));
    for (const auto& c : t.components) {
      put(components, c.name, component_view(c));
      components.entries.back().key_location = c.location;
    }
    put(v, "components", std::move(components));
  }
  if (wants("datastores")) put(v, "datastores", datastores_view(model.project, t, file_start));
  if (wants("env")) put(v, "env", env_view(t, file_start));
  if (wants("secrets")) put(v, "secrets", secrets_view(model, t, file_start));
  if (wants("dependencies")) {
    Node deps = list(t.written.dependencies.value_or(file_start));
    for (const auto& d : t.dependencies) deps.items.push_back(scalar(d.service, d.location));
    put(v, "dependencies", std::move(deps));
  }
  if (t.public_url) {
    const auto& u = *t.public_url;
    Node url = map(u.location);
    put(url, "url", scalar(u.url, u.location));
    put(url, "scheme", scalar(u.scheme, u.location));
    put(url, "host", scalar(u.host, u.location));
    put(url, "path", scalar(u.path.empty() ? "/" : u.path, u.location));
    put(url, "route", scalar(u.host + (u.path.empty() ? "/" : u.path), u.location));
    put(v, "public_url", std::move(url));
  }
  if (wants("slo") || wants("alerts"))
    observability_view(t, alert_route_location(model, t, written(&Service::team_location)), v);
  if (wants("publishes") || wants("iam") || wants("egress") || wants("files"))
    escape_view(t, file_start, service ? service->name_location : file_start, v);
  return v;
}

std::vector<Node> terraform_view(const TfModule& module, Location fallback) {
  std::vector<Node> out;
  for (const auto& file : module.files) {
    for (const auto& b : file.blocks) {
      Location at = b.origin.known() ? b.origin : fallback;
      if (b.type == "module") {
        Node n = map(at);
        put(n, "kind", scalar(b.called_module, at));
        put(n, "name", scalar(b.labels.empty() ? "" : b.labels[0], at));
        Node args = map(at);
        for (const auto& a : b.attributes) put(args, a.name, tf_expr(a.value, at));
        put(n, "args", std::move(args));
        out.push_back(std::move(n));
      } else if (b.type == "provider") {
        Node n = map(at);
        put(n, "kind", scalar("provider", at));
        put(n, "name", scalar(b.labels.empty() ? "" : b.labels[0], at));
        for (const auto& a : b.attributes) put(n, a.name, tf_expr(a.value, at));
        for (const auto& inner : b.blocks) {
          Node m = map(at);
          for (const auto& a : inner.attributes) put(m, a.name, tf_expr(a.value, at));
          put(n, inner.type, std::move(m));
        }
        out.push_back(std::move(n));
      }
    }
  }
  return out;
}

Node unknown_value(Location at) {
  Node n;
  n.kind = NodeKind::Null;
  n.text = std::string(kUnknownValue);
  n.location = at;
  return n;
}

Node node_of(const HclValue& v) {
  Node n;
  n.location = v.location;
  switch (v.kind) {
    case HclValue::Kind::Unknown:
      return unknown_value(v.location);
    case HclValue::Kind::Null:
      break;
    case HclValue::Kind::Bool:
      n.kind = NodeKind::Bool;
      n.text = v.boolean ? "true" : "false";
      break;
    case HclValue::Kind::Number:
      n.kind = v.text.find_first_of(".eE") == std::string::npos ? NodeKind::Int : NodeKind::Float;
      n.text = v.text;
      break;
    case HclValue::Kind::String:
      n.kind = NodeKind::String;
      n.text = v.text;
      break;
    case HclValue::Kind::List:
      n.kind = NodeKind::Seq;
      for (const auto& item : v.items) n.items.push_back(node_of(item));
      break;
    case HclValue::Kind::Map:
      n.kind = NodeKind::Map;
      for (const auto& [k, x] : v.entries) n.entries.push_back({k, x.location, node_of(x)});
      break;
  }
  return n;
}

namespace {

// A block body: attributes as values; nested blocks as lists of maps (dynamic "x" blocks
// contribute their content under x), or as single maps for provider blocks.
Node body_node(const Body& body, Location at, bool nested_as_lists) {
  Node n = map(at);
  for (const auto& a : body.attributes) {
    n.entries.push_back({a.name, a.name_span.location, node_of(evaluate(a.value))});
  }
  for (const auto& b : body.blocks) {
    std::string type = b.type;
    const Body* inner = &b.body;
    if (b.type == "dynamic" && b.labels.size() == 1) {
      type = b.labels[0];
      for (const auto& c : b.body.blocks) {
        if (c.type == "content") inner = &c.body;
      }
    }
    Node value = body_node(*inner, b.type_span.location, nested_as_lists);
    if (!nested_as_lists) {
      if (!n.find(type)) n.entries.push_back({type, b.type_span.location, std::move(value)});
      continue;
    }
    Node* list = n.find(type);
    if (!list) {
      Node fresh;
      fresh.kind = NodeKind::Seq;
      fresh.location = b.type_span.location;
      n.entries.push_back({type, b.type_span.location, std::move(fresh)});
      list = &n.entries.back().value;
    }
    if (list->is_seq()) list->items.push_back(std::move(value));
  }
  return n;
}

}  // namespace

Node terraform_source_view(const InventoryItem& item) {
  const Block& b = *item.block;
  Location at = b.type_span.location;
  if (item.kind == "provider") {
    Node n = body_node(b.body, at, false);
    n.entries.insert(n.entries.begin(), {"name", at, scalar(item.name, at)});
    n.entries.insert(n.entries.begin(), {"kind", at, scalar("provider", at)});
    return n;
  }
  Node n = map(at);
  put(n, "kind", scalar(item.kind, at));
  put(n, "name", scalar(item.address, at));
  put(n, "args", body_node(b.body, at, true));
  return n;
}

PolicyValue view_of(const Node& node) {
  return PolicyValue{&node, nullptr, node.location};
}
PolicyValue view_of(const KValue& value, Location fallback) {
  return PolicyValue{nullptr, &value, value.origin.known() ? value.origin : fallback};
}

bool PolicyValue::is_map() const {
  return node ? node->is_map() : kvalue && kvalue->kind == KValue::Kind::Map;
}
bool PolicyValue::is_list() const {
  return node ? node->is_seq() : kvalue && kvalue->kind == KValue::Kind::List;
}
bool PolicyValue::is_scalar() const {
  return valid() && !is_map() && !is_list();
}
bool PolicyValue::unknown() const {
  return node && node->kind == NodeKind::Null && node->text == kUnknownValue;
}
bool PolicyValue::is_int() const {
  return node ? node->kind == NodeKind::Int : kvalue && kvalue->kind == KValue::Kind::Int;
}
long long PolicyValue::as_int() const {
  if (node) return node->kind == NodeKind::Int ? node->as_int() : 0;
  return kvalue ? kvalue->integer : 0;
}
std::string PolicyValue::text() const {
  if (node) return node->text;
  if (!kvalue) return {};
  switch (kvalue->kind) {
    case KValue::Kind::String:
      return kvalue->text;
    case KValue::Kind::Int:
      return std::to_string(kvalue->integer);
    case KValue::Kind::Bool:
      return kvalue->boolean ? "true" : "false";
    case KValue::Kind::Null:
    case KValue::Kind::List:
    case KValue::Kind::Map:
      return {};
  }
  return {};
}
PolicyValue PolicyValue::child(std::string_view key) const {
  if (node) {
    const Node* c = node->is_map() ? node->find(key) : nullptr;
    return c ? PolicyValue{c, nullptr, c->location.known() ? c->location : location}
             : PolicyValue{};
  }
  if (kvalue && kvalue->kind == KValue::Kind::Map) {
    const KValue* c = kvalue->find(key);
    return c ? view_of(*c, location) : PolicyValue{};
  }
  return {};
}
std::vector<std::pair<std::string, PolicyValue>> PolicyValue::children() const {
  std::vector<std::pair<std::string, PolicyValue>> out;
  if (node) {
    for (const auto& e : node->entries) {
      out.emplace_back(e.key, PolicyValue{&e.value, nullptr,
                                          e.value.location.known() ? e.value.location : location});
    }
    for (std::size_t i = 0; i < node->items.size(); ++i) {
      const Node& item = node->items[i];
      out.emplace_back(
          std::to_string(i),
          PolicyValue{&item, nullptr, item.location.known() ? item.location : location});
    }
  } else if (kvalue) {
    for (const auto& e : kvalue->entries) out.emplace_back(e.key, view_of(e.value, location));
    for (std::size_t i = 0; i < kvalue->items.size(); ++i) {
      out.emplace_back(std::to_string(i), view_of(kvalue->items[i], location));
    }
  }
  return out;
}
std::vector<std::string> PolicyValue::strings() const {
  std::vector<std::string> out;
  if (is_list()) {
    for (const auto& [k, v] : children()) out.push_back(v.text());
  } else if (is_scalar()) {
    out.push_back(text());
  }
  return out;
}

}  // namespace infrac
