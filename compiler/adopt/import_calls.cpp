// Calls between the imported services, read from the addresses their variables and arguments
// hold, and datastores that ran in the cluster. A Kubernetes Service of the input that selects
// another service's workload is reachable by its name, name.namespace or
// name.namespace.svc[.domain]; each service now runs in a namespace of its own, where the
// short names no longer resolve, so a call is kept only as a dependency whose value infrac
// derives, in the form the caller wrote (a URL, host:port, or the host alone).
#include "adopt/importer.h"
#include "lower/backend_support.h"
#include "resolve/values.h"

namespace infrac {

std::string datastore_image_type(const std::string& image) {
  std::string name = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
  name = name.substr(0, name.find_first_of(":@"));
  static const std::map<std::string, std::string> types = {{"redis", "redis"},
                                                           {"valkey", "redis"},
                                                           {"redis-stack-server", "redis"},
                                                           {"postgres", "postgres"},
                                                           {"postgresql", "postgres"},
                                                           {"mysql", "mysql"},
                                                           {"mariadb", "mysql"},
                                                           {"mongo", "mongodb"},
                                                           {"mongodb", "mongodb"},
                                                           {"memcached", "memcached"},
                                                           {"elasticsearch", "elasticsearch"}};
  auto t = types.find(name);
  return t == types.end() ? "" : t->second;
}

}  // namespace infrac

namespace infrac::import_detail {
namespace {

// A bare name is an address only in a variable named like one.
bool address_variable(const std::string& name) {
  for (const char* suffix : {"_HOST", "_HOSTNAME", "_ADDR", "_ADDRESS", "_SERVICE", "_SERVER",
                             "_ENDPOINT", "_URL", "_URI"})
    if (name.ends_with(suffix)) return true;
  return false;
}

// The datastore a variable names: REDIS_ADDR -> redis; the workload's name otherwise.
std::string datastore_name(const std::string& variable, const std::string& workload) {
  for (const char* suffix : {"_ADDR", "_ADDRESS", "_HOST", "_HOSTNAME", "_URL", "_URI", "_SERVER",
                             "_ENDPOINT", "_DSN"}) {
    std::string_view s(suffix);
    if (variable.size() > s.size() && variable.ends_with(s))
      return dns_name(variable.substr(0, variable.size() - s.size()));
  }
  return workload;
}

bool selects(const Manifest& svc, const Manifest& w, const Node& selector) {
  if (svc.ns != w.ns || selector.entries.empty()) return false;
  const Node* labels = find_path(w.node, {"spec", "template", "metadata", "labels"});
  for (const auto& e : selector.entries)
    if (!labels || text_at(*labels, e.key) != e.value.text) return false;
  return true;
}

// The port written right after `ref` ("$(VAR):") in any string under `n`, or 0.
int port_after(const Node& n, const std::string& ref) {
  if (n.kind == NodeKind::String) {
    auto at = n.text.find(ref);
    if (at == std::string::npos) return 0;
    std::size_t start = at + ref.size(), end = start;
    while (end < n.text.size() && end - start < 5 && std::isdigit((unsigned char)n.text[end]))
      ++end;
    return end > start ? std::stoi(n.text.substr(start, end - start)) : 0;
  }
  for (const auto& e : n.entries)
    if (int p = port_after(e.value, ref)) return p;
  for (const auto& i : n.items)
    if (int p = port_after(i, ref)) return p;
  return 0;
}

std::vector<int> ports_of(const Manifest& service) {
  std::vector<int> out;
  const Node* ports = find_path(service.node, {"spec", "ports"});
  for (const auto& p : ports ? ports->items : std::vector<Node>{}) out.push_back(int_at(p, "port", 0));
  return out;
}

}  // namespace

bool Importer::in_cluster_datastore(const Manifest& m) {
  std::string image = container_image(m);
  std::string type = datastore_image_type(image);
  if (type.empty()) return false;
  bool kept = o_.keep_datastores && m.kind == "Deployment";
  bool managed = cloud_offers_datastore(type);
  r_.datastores.push_back({m.id(), image, type, kept, managed, {}});
  if (kept) return false;
  std::string why = m.kind == "StatefulSet" ? "infrac runs no StatefulSets: state belongs in a "
                                              "datastore. "
                                            : "";
  std::string what = "An in-cluster " + type + " (" + image + "): not imported; ";
  note(m, "",
       why + what +
           (managed ? "each service that names it gets a managed " + type +
                          " datastore of its own (--keep-datastores imports it as a service)"
                    : "infrac has no managed " + type +
                          ": keep it outside infrac, or import it with --keep-datastores"));
  r_.owner[m.id()] = "";
  return true;
}

void Importer::index_services() {
  for (const auto& m : in_) {
    const Node* selector = find_path(m.node, {"spec", "selector"});
    if (m.kind != "Service" || !selector) continue;
    Reachable r;
    r.service = &m;
    for (const auto& [name, s] : services_) {
      for (const Manifest* w : s.workloads) {
        if (w->kind != "Deployment" || !selects(m, *w, *selector)) continue;
        r.callee = name;
        r.workload = w;
      }
    }
    for (std::size_t i = 0; i < r_.datastores.size() && !r.workload; ++i) {
      const Manifest* w = by_id_[r_.datastores[i].object];
      if (r_.datastores[i].kept || !selects(m, *w, *selector)) continue;
      r.datastore = static_cast<int>(i);
      r.workload = w;
      datastore_services_[m.id()] = w->id();
    }
    if (r.workload) reachable_[m.ns + "/" + m.name] = r;
  }
  // A dependency reaches the callee's first serving component in name order (its internal
  // URL): the port its own Service sends to.
  for (const auto& [name, s] : services_) {
    std::string first;
    for (const Manifest* w : s.workloads) {
      const Manifest* svc = w->kind == "Deployment" ? service_for(*w) : nullptr;
      const Node* ports = svc ? find_path(svc->node, {"spec", "ports"}) : nullptr;
      if (!ports || ports->items.empty()) continue;
      std::string component = component_name(*w, name);
      if (!first.empty() && component >= first) continue;
      first = component;
      int port = target_port(ports->items[0], *w);
      serving_port_[name] = port ? port : 8080;  // the component's default when none is said
    }
  }
}

const Importer::Reachable* Importer::lookup(const ServiceName& n,
                                            const std::string& caller_ns) const {
  auto it = reachable_.find((n.ns.empty() ? caller_ns : n.ns) + "/" + n.name);
  if (it != reachable_.end()) return &it->second;
  // Manifests that name no namespace went to one: whichever a qualified name says.
  it = reachable_.find("/" + n.name);
  return it != reachable_.end() && !n.ns.empty() ? &it->second : nullptr;
}

// The container port a Service port sends to (a number, or a name of the workload's ports).
int Importer::target_port(const Node& port, const Manifest& workload) const {
  std::string target = text_at(port, "targetPort", text_at(port, "port"));
  if (!target.empty() && target.find_first_not_of("0123456789") == std::string::npos)
    return std::stoi(target);
  std::string p, name;
  const Node* main = main_container(pod_spec(workload, p), name);
  const Node* ports = main ? main->find("ports") : nullptr;
  for (const auto& cp : ports ? ports->items : std::vector<Node>{})
    if (text_at(cp, "name") == target) return int_at(cp, "containerPort", 0);
  return 0;
}

void Importer::explain(const std::string& object, const std::string& path,
                       const std::string& reason) {
  for (auto& n : r_.not_carried)
    if (n.object == object && n.path == path) n.reason = reason;
}

// scheme://user:password@host[:port]/db: no dependency's value (it carries credentials), but
// when it names an in-cluster datastore the value must change, since that datastore is not
// deployed with the services: listed, with the password masked.
void Importer::datastore_url(const Manifest& w, const Env& e, const std::string& self) {
  auto scheme = e.value.find("://"), at = e.value.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return;
  auto a = parse_address(e.value.substr(0, scheme + 3) + e.value.substr(at + 1));
  auto n = a ? cluster_service(a->host) : std::nullopt;
  const Reachable* r = n ? lookup(*n, w.ns) : nullptr;
  if (!r || r->datastore < 0) return;
  const InClusterDatastore& d = r_.datastores[static_cast<std::size_t>(r->datastore)];
  std::string user = e.value.substr(scheme + 3, at - scheme - 3);
  std::string shown = e.value.substr(0, scheme + 3) + user.substr(0, user.find(':')) +
                      (user.find(':') == std::string::npos ? "" : ":****") + e.value.substr(at);
  std::string why = "names the in-cluster " + d.type + " " + d.object + " with credentials: " +
                    "kept as written, and it reaches nothing once " + d.object +
                    " is not deployed; ";
  why += d.managed ? "change it to read the variables of a managed " + d.type + " datastore"
                   : d.type + " has no managed equivalent";
  r_.calls.push_back({self, w.id(), e.path, e.name, shown, r->service->id(), "", a->port,
                      "url", "", false, why, {}});
}

bool Importer::recover_call(const Manifest& w, Env& e, const std::string& self, Service& s) {
  auto a = parse_address(e.value);
  auto n = a ? cluster_service(a->host) : std::nullopt;
  if (!a) datastore_url(w, e, self);
  if (!n) return false;
  Call call{self, w.id(),  e.path,           e.name, e.value, "",
            "",   a->port, address_form(*a), "",     false,   "", {}};
  const Reachable* r = lookup(*n, w.ns);
  if (!r) {
    // name:port, a URL or a .svc name that reaches no Service of the input: left as it is,
    // and said, since from the service's own namespace it resolves differently.
    bool addressed = a->port || !a->scheme.empty();
    if ((addressed && a->host.find('.') == std::string::npos) ||
        a->host.find(".svc") != std::string::npos) {
      call.why = "names no Service of the input: kept as a plain value; from the namespace " +
                 self + " a short name reaches only a Service there";
      r_.calls.push_back(std::move(call));
    }
    return false;
  }
  call.target = r->service->id();
  if (r->callee == self) return false;
  if (a->scheme.empty() && !a->port && a->host.find('.') == std::string::npos &&
      !address_variable(e.name)) {
    // Perhaps a word that happens to be a Service's name: said, not counted as a call.
    call.target.clear();
    call.why = "a bare word equal to the name of Service " + r->service->name +
               ", in a variable not named like an address: kept as a plain value";
    r_.calls.push_back(std::move(call));
    return false;
  }
  if (r->datastore >= 0) return to_datastore(*r, e, self, s, std::move(call));
  call.callee = r->callee;
  call.why = doubt(*a, *r, e, s);
  if (!call.why.empty()) {
    r_.calls.push_back(std::move(call));
    return false;
  }
  bool again = s.dependencies.count(r->callee) > 0;
  s.dependencies[r->callee] = {e.name, call.form};
  call.recovered = true;
  call.service_ports = ports_of(*r->service);
  // A host alone gets its port from the caller: the proof checks it against the rebuild.
  if (call.form == "host") {
    std::string p, main;
    const Node* c = main_container(pod_spec(w, p), main);
    call.port = c ? port_after(*c, "$(" + e.name + "):") : 0;
  }
  explain(w.id(), e.path,
          "a dependency carries it (form: " + call.form + "): infrac derives the address");
  // The same variable in a second workload of the service is the same call.
  if (!again) r_.calls.push_back(std::move(call));
  e.name.clear();
  return true;
}

// Why an address of another service is not taken as a call to it ("" when it is).
std::string Importer::doubt(const Address& a, const Reachable& r, const Env& e,
                            const Service& s) const {
  const std::string& callee = r.callee;
  if (!a.scheme.empty() && a.scheme != "http")
    return "infrac's internal URL is http://, this value says " + a.scheme + "://";
  if (!a.path.empty() && a.path != "/")
    return "the value carries the path " + a.path + ", a dependency's value none";
  if (a.port) {
    const Node* ports = find_path(r.service->node, {"spec", "ports"});
    const Node* hit = nullptr;
    // Over the Service's own list, never a copy: `hit` must outlive the loop.
    for (std::size_t i = 0; ports && i < ports->items.size(); ++i)
      if (!hit && int_at(ports->items[i], "port", 0) == a.port) hit = &ports->items[i];
    if (!hit) return "Service " + r.service->name + " has no port " + std::to_string(a.port);
    int to = target_port(*hit, *r.workload);
    auto serving = serving_port_.find(callee);
    if (serving == serving_port_.end() || to != serving->second)
      return "port " + std::to_string(a.port) + " of Service " + r.service->name +
             " reaches port " + std::to_string(to) + "; a dependency reaches " + callee +
             "'s first serving component" +
             (serving == serving_port_.end() ? "" : " on " + std::to_string(serving->second));
  }
  auto dep = s.dependencies.find(callee);
  if (dep != s.dependencies.end() &&
      (dep->second.env != e.name || dep->second.form != address_form(a)))
    return "the service reads " + callee + "'s address from " + dep->second.env +
           " already, and a dependency gives one variable";
  return {};
}

// A call to an in-cluster datastore: the caller declares a managed one instead, named after
// the variable (REDIS_ADDR -> redis), whose own variables replace the address.
bool Importer::to_datastore(const Reachable& r, Env& e, const std::string& self, Service& s,
                            Call call) {
  InClusterDatastore& d = r_.datastores[static_cast<std::size_t>(r.datastore)];
  if (!d.managed) {
    // Nothing replaces it: the address stays, and from the caller's namespace it reaches
    // nothing once the datastore is not deployed with the services.
    call.why = "names the in-cluster " + d.type + " " + d.object +
               ", which has no managed equivalent and is not imported: kept as a plain value";
    r_.calls.push_back(std::move(call));
    return false;
  }
  std::string name = datastore_name(e.name, dns_name(r.workload->name));
  Datastore& ds = s.datastores[name];
  if (ds.type.empty()) ds = {d.type, name, false};
  call.datastore = name;
  call.recovered = ds.type == d.type;
  if (!call.recovered) call.why = "the service has a " + ds.type + " datastore named " + name;
  std::string user = self + "." + name;
  if (call.recovered && std::find(d.users.begin(), d.users.end(), user) == d.users.end())
    d.users.push_back(user);
  if (call.recovered)
    explain(call.object, call.path,
            "the address of the in-cluster " + d.type + ": the managed datastore " + name +
                " gives its own variables instead");
  r_.calls.push_back(std::move(call));
  if (ds.type == d.type) e.name.clear();
  return ds.type == d.type;
}

void Importer::recover_args(const Manifest& w, const std::string& cpath, const std::string& self,
                            Service& s, Component& c) {
  for (const char* field : {"command", "args"}) {
    KValue* words = c.spec.find(field);
    for (std::size_t i = 0; words && i < words->items.size(); ++i) {
      std::string& text = words->items[i].text;
      // --flag=ADDRESS keeps its flag; a word that is all address is replaced whole.
      std::size_t eq = text.rfind("--", 0) == 0 ? text.find('=') : std::string::npos;
      std::string prefix = eq == std::string::npos ? "" : text.substr(0, eq + 1);
      auto a = parse_address(text.substr(prefix.size()));
      auto n = a ? cluster_service(a->host) : std::nullopt;
      const Reachable* r = n ? lookup(*n, w.ns) : nullptr;
      if (!r || r->callee.empty() || r->callee == self) continue;
      std::string form = address_form(*a);
      auto dep = s.dependencies.find(r->callee);
      std::string var = dep != s.dependencies.end() && dep->second.form == form
                            ? dep->second.env
                            : env_var_stem(r->callee) + (form == "url"    ? "_URL"
                                                         : form == "host" ? "_HOST"
                                                                          : "_ADDR");
      std::string path = cpath + "." + field + "[" + std::to_string(i) + "]";
      Env e{var, text.substr(prefix.size()), true, "", "", path};
      std::size_t listed = r_.calls.size();
      if (!recover_call(w, e, self, s)) {
        // Not rewritten: the argument reads no variable, so it names the call itself.
        for (std::size_t k = listed; k < r_.calls.size(); ++k)
          r_.calls[k].variable = std::string(field) + "[" + std::to_string(i) + "]";
        continue;
      }
      text = prefix + "$(" + var + ")";
      rewritten(w, path,
                "the address of " + r->callee + " is read from $(" + var +
                    "), a dependency whose value infrac derives");
    }
  }
}

}  // namespace infrac::import_detail
