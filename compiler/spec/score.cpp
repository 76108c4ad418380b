#include "spec/score.h"

#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace infrac {
namespace {

std::string stem(std::string_view name) {
  std::string out;
  for (char c : name) out += c == '-' ? '_' : static_cast<char>(std::toupper((unsigned char)c));
  return out;
}

// Score resource types and what infrac makes of them, with the outputs infrac's own
// variables carry (<NAME>_<OUTPUT>).
struct Kind {
  std::string datastore;  // postgres, redis, bucket, queue; empty: dns / route
  std::set<std::string> outputs;
};
const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> k = {
      // No password: the application signs in with IAM database authentication
      // (docs/security.md), so ${resources.db.password} is refused with the list below.
      {"postgres", {"postgres", {"host", "port", "username", "dbname"}}},
      {"redis", {"redis", {"host", "port", "auth_token"}}},
      {"s3", {"bucket", {"bucket"}}},
      {"amqp", {"queue", {"queue_url"}}},
      {"dns", {"", {"host"}}},
      {"route", {"", {}}}};
  return k;
}

class Reader {
 public:
  Reader(const Node& score, Diagnostics& diagnostics) : s_(score), d_(diagnostics) {}

  std::optional<Node> read() {
    Location top = s_.location;
    unknown_keys(s_, {"apiVersion", "metadata", "containers", "service", "resources"}, "");
    if (text_at(s_, "apiVersion") != "score.dev/v1b1") {
      refuse(location_at(s_, {"apiVersion"}, top), "score.yaml must say apiVersion: score.dev/v1b1",
             "the version infrac reads");
      return std::nullopt;
    }
    Node out = map_node(top);
    add_entry(out, "apiVersion", scalar_node("infrac/v1", top));
    add_entry(out, "kind", scalar_node("Service", top));
    add_entry(out, "metadata", metadata());
    Node spec = map_node(top);
    resources(spec);
    container(spec);
    if (!public_url_.empty()) {
      Node urls = map_node(route_at_);
      add_entry(urls, "public", scalar_node(public_url_, route_at_));
      add_entry(spec, "urls", std::move(urls));
    }
    add_entry(out, "spec", std::move(spec));
    if (failed_) return std::nullopt;
    return out;
  }

 private:
  const Node& s_;
  Diagnostics& d_;
  bool failed_ = false;
  std::map<std::string, std::string> metadata_values_;
  std::map<std::string, std::string> resource_types_;  // name -> Score type
  std::string dns_host_, public_url_;
  Location route_at_;
  int route_port_ = 0;
  Location route_port_at_;
  Node pod_annotations_ = map_node({});
  std::optional<Node> replicas_;  // from infrac.dev/replicas

  // infrac.dev/replicas: "3" or "2-10" (autoscaling between them): Score leaves scaling to
  // the platform, and production needs more than one.
  void replicas(const Node& value) {
    const std::string& t = value.text;
    auto dash = t.find('-');
    auto number = [&](const std::string& x) -> std::optional<Node> {
      if (x.empty() || x.size() > 4 || x.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      return scalar_node(x, value.location, NodeKind::Int);
    };
    auto lo = number(t.substr(0, dash));
    auto hi = dash == std::string::npos ? lo : number(t.substr(dash + 1));
    if (!lo || !hi) {
      refuse(value.location, "infrac.dev/replicas is a count (3) or a range (2-10)",
             "infrac.dev/replicas: \"2-6\"");
      return;
    }
    if (dash == std::string::npos) {
      replicas_ = *lo;
      return;
    }
    Node range = map_node(value.location);
    add_entry(range, "min", *lo);
    add_entry(range, "max", *hi);
    replicas_ = std::move(range);
  }

  void refuse(Location at, const std::string& message, const std::string& help) {
    d_.add(DiagCode::kScoreUnsupported, at, message).help = help;
    failed_ = true;
  }

  void unknown_keys(const Node& n, std::set<std::string> known, const std::string& where) {
    if (!n.is_map()) return;
    for (const auto& e : n.entries) {
      if (known.count(e.key)) continue;
      refuse(e.key_location, "infrac cannot honour " + where + e.key + " of a Score workload",
             "remove it, or write a service.yaml (docs/score.md lists what infrac reads)");
    }
  }

  Node metadata() {
    const Node* md = s_.find("metadata");
    Location at = md ? md->location : s_.location;
    Node out = map_node(at);
    if (!md || !md->is_map()) {
      refuse(at, "a Score workload needs metadata.name", "metadata: {name: my-service}");
      return out;
    }
    for (const auto& e : md->entries) {
      if (e.value.is_scalar()) metadata_values_[e.key] = e.value.text;
    }
    if (const MapEntry* name = md->find_entry("name"))
      add_entry(out, "name", name->value, name->key_location);
    const Node* annotations = md->find("annotations");
    const Node* team = annotations ? annotations->find("infrac.dev/team") : nullptr;
    if (!team) {
      refuse(at, "a Score workload names its owning team in metadata.annotations",
             "annotations: {infrac.dev/team: payments}");
    } else {
      add_entry(out, "team", *team);
    }
    for (const auto& e : annotations ? annotations->entries : std::vector<MapEntry>{}) {
      if (e.key == "infrac.dev/tier")
        add_entry(out, "tier", e.value, e.key_location);
      else if (e.key == "infrac.dev/description")
        add_entry(out, "description", e.value, e.key_location);
      else if (e.key == "infrac.dev/replicas")
        replicas(e.value);
      else if (e.key != "infrac.dev/team")
        add_entry(pod_annotations_, e.key, e.value, e.key_location);
    }
    return out;
  }

  // ${metadata.KEY} and ${resources.DNS.host} filled in; `resource_ref` is set when the
  // value is exactly one ${resources.NAME.OUTPUT}. Escapes as score-go's substitution reads
  // them (framework/substitution.go, \$((?:\$?{([^}]*)})|\$)): $${...} is the literal
  // ${...} with its inside as written, and any other $$ is one $.
  std::string expand(const Node& value, std::string* resource_ref = nullptr) {
    const std::string& t = value.text;
    std::string out;
    for (std::size_t i = 0; i < t.size();) {
      if (t.compare(i, 2, "$$") == 0) {
        std::size_t close = t.compare(i + 2, 1, "{") == 0 ? t.find('}', i + 3) : std::string::npos;
        std::size_t next = close == std::string::npos ? i + 2 : close + 1;
        out += "$" + t.substr(i + 2, next - i - 2);
        i = next;
        continue;
      }
      if (t.compare(i, 2, "${") != 0) {
        out += t[i++];
        continue;
      }
      std::size_t end = t.find('}', i);
      if (end == std::string::npos) {
        refuse(value.location, "an unterminated ${ placeholder", "close it with }");
        return out;
      }
      std::string ref = t.substr(i + 2, end - i - 2);
      if (ref.rfind("metadata.", 0) == 0 && metadata_values_.count(ref.substr(9))) {
        out += metadata_values_[ref.substr(9)];
      } else if (ref.rfind("resources.", 0) == 0) {
        std::string rest = ref.substr(10);
        auto dot = rest.find('.');
        std::string name = rest.substr(0, dot);
        auto type = resource_types_.find(name);
        if (type != resource_types_.end() && type->second == "dns" &&
            rest.substr(dot + 1) == "host") {
          out += dns_host_;
        } else if (resource_ref && i == 0 && end + 1 == t.size()) {
          *resource_ref = rest;
        } else {
          refuse(value.location, "infrac cannot place ${" + ref + "} inside other text",
                 "a variable whose whole value is ${resources.NAME.OUTPUT} is infrac's own "
                 "datastore variable");
        }
      } else {
        refuse(value.location, "unknown placeholder ${" + ref + "}",
               "Score placeholders are ${metadata.KEY} and ${resources.NAME.OUTPUT}");
      }
      i = end + 1;
    }
    return out;
  }

  void resources(Node& spec) {
    const Node* rs = s_.find("resources");
    if (!rs) return;
    Node datastores = map_node(rs->location);
    // dns first: routes and variables read its host.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& e : rs->entries) {
        std::string type = text_at(e.value, "type");
        if ((type == "dns") != (pass == 0)) continue;
        resource(e, type, datastores);
      }
    }
    if (!datastores.entries.empty()) add_entry(spec, "datastores", std::move(datastores));
  }

  void resource(const MapEntry& e, const std::string& type, Node& datastores) {
    const Node& r = e.value;
    unknown_keys(r, {"type", "class", "params"}, "resources." + e.key + ".");
    auto kind = kinds().find(type);
    if (kind == kinds().end()) {
      refuse(location_at(r, {"type"}, e.key_location),
             "infrac has no resource of Score type '" + type + "'",
             "infrac provides postgres, redis, s3, amqp, dns and route");
      return;
    }
    resource_types_[e.key] = type;
    const Node* params = r.find("params");
    if (type == "dns") {
      if (!params || !params->find("host")) {
        refuse(e.key_location, "a dns resource names its host in params.host",
               "params: {host: api.example.com}: infrac does not allocate host names");
        return;
      }
      dns_host_ = expand(*params->find("host"));
      unknown_keys(*params, {"host"}, "resources." + e.key + ".params.");
      return;
    }
    if (type == "route") {
      route(e, params);
      return;
    }
    Node ds = map_node(e.key_location);
    add_entry(ds, "type",
              scalar_node(kind->second.datastore, location_at(r, {"type"}, e.key_location)));
    if (const Node* cls = r.find("class")) {
      static const std::set<std::string> sizes = {"micro", "small", "medium", "large", "xlarge"};
      if (!sizes.count(cls->text)) {
        refuse(cls->location, "class '" + cls->text + "' is not an infrac size",
               "use micro, small, medium, large or xlarge, or params");
      } else {
        add_entry(ds, "size", *cls);
      }
    }
    if (params && params->is_map()) {
      for (const auto& p : params->entries) {
        static const std::set<std::string> fields = {"version",    "size",       "ha",
                                                     "storage_gb", "versioning", "fifo"};
        if (!fields.count(p.key)) {
          refuse(p.key_location, "infrac cannot honour params." + p.key + " of a " + type,
                 "params infrac reads: version, size, ha, storage_gb, versioning, fifo");
          continue;
        }
        add_entry(ds, p.key, p.value, p.key_location);
      }
    }
    add_entry(datastores, e.key, std::move(ds), e.key_location);
  }

  void route(const MapEntry& e, const Node* params) {
    if (!params || !params->find("host") || !params->find("path") || !params->find("port")) {
      refuse(e.key_location, "a route names params host, path and port", "the Score route type");
      return;
    }
    unknown_keys(*params, {"host", "path", "port"}, "resources." + e.key + ".params.");
    if (!public_url_.empty()) {
      refuse(e.key_location, "a service has one public URL; this is a second route",
             "keep one route");
      return;
    }
    route_at_ = e.key_location;
    std::string path = expand(*params->find("path"));
    public_url_ = "https://" + expand(*params->find("host")) + (path == "/" ? "/" : path);
    route_port_ = static_cast<int>(params->find("port")->as_int());
    route_port_at_ = params->find("port")->location;
  }

  // The one container and the service's port.
  void container(Node& spec) {
    const Node* cs = s_.find("containers");
    if (!cs || !cs->is_map() || cs->entries.empty()) {
      refuse(s_.location, "a Score workload needs a container", "containers: {main: {image: ...}}");
      return;
    }
    for (std::size_t i = 1; i < cs->entries.size(); ++i) {
      refuse(cs->entries[i].key_location,
             "infrac runs one container per workload; '" + cs->entries[i].key + "' is a second",
             "keep one container, or write a service.yaml with kubernetes.sidecars");
    }
    const MapEntry& c = cs->entries[0];
    unknown_keys(
        c.value,
        {"image", "command", "args", "variables", "resources", "readinessProbe", "livenessProbe"},
        "containers." + c.key + ".");
    Node component = map_node(c.key_location);
    int port = service_port(component);
    if (const Node* image = c.value.find("image")) {
      if (image->text == ".")
        refuse(image->location, "image '.' (the image being built) has no name for infrac",
               "name the image with a tag; CI passes --image-tag");
      add_entry(spec, "image", *image);
    }
    for (const char* f : {"command", "args"}) {
      if (const MapEntry* x = c.value.find_entry(f))
        add_entry(component, f, x->value, x->key_location);
    }
    compute(c.value, component);
    probes(c.value, port, component);
    if (replicas_) add_entry(component, "replicas", *replicas_);
    if (!public_url_.empty()) {
      add_entry(component, "expose", scalar_node("public", route_at_));
      if (route_port_ != port)
        refuse(route_port_at_,
               "the route sends to port " + std::to_string(route_port_) +
                   ", which is not the service's port " + std::to_string(port),
               "route to the port under service.ports");
    }
    if (!pod_annotations_.entries.empty()) {
      Node k = map_node(c.key_location);
      pod_annotations_.location = c.key_location;
      add_entry(k, "annotations", std::move(pod_annotations_));
      add_entry(component, "kubernetes", std::move(k));
    }
    Node components = map_node(cs->location);
    add_entry(components, c.key, std::move(component), c.key_location);
    add_entry(spec, "components", std::move(components));
    variables(c.value, spec);
  }

  int service_port(Node& component) {
    const Node* service = s_.find("service");
    const Node* ports = service ? service->find("ports") : nullptr;
    if (service) unknown_keys(*service, {"ports"}, "service.");
    if (!ports || ports->entries.empty()) {
      add_entry(component, "type", scalar_node("worker", component.location));
      return 0;
    }
    for (std::size_t i = 1; i < ports->entries.size(); ++i) {
      refuse(ports->entries[i].key_location, "infrac serves one port per workload",
             "keep one port; metrics have their own (metrics.port in a service.yaml)");
    }
    const Node& p = ports->entries[0].value;
    unknown_keys(p, {"port", "targetPort", "protocol"}, "service.ports.");
    if (text_at(p, "protocol", "TCP") != "TCP")
      refuse(location_at(p, {"protocol"}, p.location), "infrac serves TCP only", "remove protocol");
    const Node* target = p.find("targetPort");
    const Node* port = p.find("port");
    const Node* chosen = target ? target : port;
    if (target && port && target->text != port->text)
      refuse(port->location,
             "infrac's Service listens on the container's port; port " + port->text +
                 " and targetPort " + target->text + " differ",
             "make them equal");
    add_entry(component, "type", scalar_node("http", component.location));
    if (chosen) add_entry(component, "port", *chosen);
    return chosen ? static_cast<int>(chosen->as_int()) : 0;
  }

  void compute(const Node& c, Node& component) {
    const Node* r = c.find("resources");
    if (!r) return;
    unknown_keys(*r, {"requests", "limits"}, "resources.");
    const Node* requests = r->find("requests");
    const Node* limits = r->find("limits");
    Node out = map_node(r->location);
    if (requests) {
      unknown_keys(*requests, {"cpu", "memory"}, "resources.requests.");
      for (const auto& e : requests->entries) add_entry(out, e.key, e.value, e.key_location);
    }
    if (limits) {
      unknown_keys(*limits, {"cpu", "memory"}, "resources.limits.");
      if (const Node* cpu = limits->find("cpu"))
        refuse(cpu->location, "infrac sets no CPU limit (throttling without a benefit)",
               "remove limits.cpu; requests.cpu stays");
      if (const Node* memory = limits->find("memory")) {
        const Node* requested = requests ? requests->find("memory") : nullptr;
        if (requested && requested->text != memory->text)
          refuse(memory->location,
                 "infrac limits memory to the request; " + memory->text + " differs from " +
                     requested->text,
                 "make them equal");
        if (!requested) add_entry(out, "memory", *memory);
      }
    }
    if (!out.entries.empty()) add_entry(component, "resources", std::move(out));
  }

  void probes(const Node& c, int port, Node& component) {
    Node health = map_node(c.location);
    for (const auto& [probe, field] :
         {std::pair{"readinessProbe", "path"}, {"livenessProbe", "liveness"}}) {
      const Node* p = c.find(probe);
      if (!p) continue;
      unknown_keys(*p, {"httpGet"}, std::string(probe) + ".");
      const Node* get = p->find("httpGet");
      if (!get) continue;
      unknown_keys(*get, {"path", "port"}, std::string(probe) + ".httpGet.");
      const Node* probe_port = get->find("port");
      if (probe_port && probe_port->as_int() != port)
        refuse(probe_port->location, "infrac probes the service port " + std::to_string(port),
               "remove port");
      if (port == 0)
        refuse(p->location, "a workload without service.ports has no HTTP probe in infrac",
               "remove the probe (a worker's health check is a service.yaml setting)");
      if (const Node* path = get->find("path")) add_entry(health, field, *path);
    }
    if (!health.entries.empty()) add_entry(component, "health", std::move(health));
  }

  void variables(const Node& c, Node& spec) {
    const Node* vars = c.find("variables");
    if (!vars) return;
    Node env = map_node(vars->location);
    for (const auto& e : vars->entries) {
      std::string ref;
      std::string value = expand(e.value, &ref);
      if (ref.empty()) {
        add_entry(env, e.key, scalar_node(value, e.value.location), e.key_location);
        continue;
      }
      auto dot = ref.find('.');
      std::string name = ref.substr(0, dot),
                  output = dot == std::string::npos ? "" : ref.substr(dot + 1);
      auto type = resource_types_.find(name);
      const Kind* kind = type == resource_types_.end() ? nullptr : &kinds().at(type->second);
      if (!kind || kind->datastore.empty() || !kind->outputs.count(output)) {
        refuse(e.value.location, "${resources." + ref + "} is not an output infrac provides",
               kind && !kind->datastore.empty() ? "outputs of a " + type->second + ": " +
                                                      [&] {
                                                        std::string list;
                                                        for (const auto& o : kind->outputs)
                                                          list += (list.empty() ? "" : ", ") + o;
                                                        return list;
                                                      }()
                                                : "declare the resource under resources:");
        continue;
      }
      std::string own = stem(name) + "_" + stem(output);
      if (e.key != own)
        refuse(e.key_location,
               "infrac gives ${resources." + ref + "} to the pods as " + own + ", not " + e.key,
               "read " + own + " in the application (infrac names datastore variables)");
    }
    if (!env.entries.empty()) add_entry(spec, "env", std::move(env));
  }
};

}  // namespace

std::optional<Node> score_to_service(const Node& score, Diagnostics& diagnostics) {
  if (!score.is_map()) {
    diagnostics.add(DiagCode::kScoreUnsupported, score.location, "score.yaml is not a mapping");
    return std::nullopt;
  }
  return Reader(score, diagnostics).read();
}

}  // namespace infrac
