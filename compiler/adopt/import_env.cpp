// Variables, secrets, datastores, queues, dependencies and the public route of a service.
#include "adopt/importer.h"
#include "resolve/values.h"

namespace infrac::import_detail {

// ------------------------------------------------------------------ environment
void Importer::env(const Manifest& w, const Node& main, const std::string& cpath,
                   const std::string& self, Service& s, Component& c) {
  if (const Node* from = main.find("envFrom")) {
    for (std::size_t i = 0; i < from->items.size(); ++i) {
      const Node* ref = from->items[i].find("configMapRef");
      const Manifest* cm = ref ? find("ConfigMap", text_at(*ref, "name")) : nullptr;
      if (!cm) continue;
      rewritten(w, cpath + ".envFrom[" + std::to_string(i) + "]",
                "env carries its values; infrac passes them through the service's ConfigMap");
      mark_config_map(*cm, self);
      if (const Node* data = cm->node.find("data"))
        for (const auto& e : data->entries)
          c.env.push_back({e.key, e.value.text, true, "", "", cpath + ".envFrom"});
    }
  }
  const Node* list = main.find("env");
  for (std::size_t i = 0; list && i < list->items.size(); ++i) {
    const Node& e = list->items[i];
    std::string path = element(*list, i, cpath + ".env");
    std::string name = text_at(e, "name");
    if (name.rfind("OTEL_", 0) == 0) continue;  // derived_reason explains it
    if (const Node* v = e.find("value")) {
      c.env.push_back({name, v->text, true, "", "", path});
      rewritten(w, path,
                "env carries it; infrac passes plain values through the service's "
                "ConfigMap");
    } else if (const Node* ref = find_path(e, {"valueFrom", "secretKeyRef"})) {
      c.env.push_back({name, "", false, text_at(*ref, "name"), text_at(*ref, "key"), path});
      rewritten(w, path,
                "secrets or a datastore carries it; infrac reads it through its own "
                "ExternalSecret");
    } else if (const Node* cref = find_path(e, {"valueFrom", "configMapKeyRef"})) {
      const Manifest* cm = find("ConfigMap", text_at(*cref, "name"));
      const Node* value = cm ? find_path(cm->node, {"data"}) : nullptr;
      if (value && value->find(text_at(*cref, "key"))) {
        mark_config_map(*cm, self);
        c.env.push_back({name, value->find(text_at(*cref, "key"))->text, true, "", "", path});
        rewritten(w, path,
                  "env carries the value; infrac passes it through the service's "
                  "ConfigMap");
      }
    }
  }
  for (auto& e : c.env) classify(w, e, self, s);
}

void Importer::mark_config_map(const Manifest& cm, const std::string& self) {
  if (used_.count(cm.id())) return;
  r_.owner[cm.id()] = self;
  note(cm, "", "its values became env, datastores and dependencies; infrac writes it");
}

// Service URLs, queues and buckets named by infrac's conventions, or a plain value.
void Importer::classify(const Manifest& w, Env& e, const std::string& self, Service& s) {
  if (!e.literal) {
    secret_env(e, self, s);
    return;
  }
  const std::string& v = e.value;
  // infrac's own internal URLs (no path), whatever its Services are called.
  auto own = parse_address(v);
  for (const auto& [other, _] : services_) {
    if (other == self || !own || (!own->path.empty() && own->path != "/")) continue;
    for (const std::string& prefix :
         {"http://" + other + "." + other + ".svc", "http://" + other + ":",
          "http://" + other + "." + other + ":"}) {
      if (v.rfind(prefix, 0) != 0) continue;
      bool again = s.dependencies.count(other) > 0;
      s.dependencies[other] = {e.name, "url"};
      explain(w.id(), e.path, "a dependency carries it (form: url): infrac derives the address");
      if (!again)
        r_.calls.push_back(
            {self, w.id(), e.path, e.name, v, "", other, own->port, "url", "", true, "", {}});
      e.name.clear();
      return;
    }
  }
  if (recover_call(w, e, self, s)) return;
  std::string stem_prefix = o_.project + "-" + o_.env + "-";
  auto last = [&](char sep) { return v.substr(v.rfind(sep) + 1); };
  if (e.name.ends_with("_QUEUE_URL")) {
    std::string q = last('/');
    bool fifo = q.ends_with(".fifo");
    if (fifo) q = q.substr(0, q.size() - 5);
    if (q.rfind(stem_prefix, 0) == 0) {
      std::string rest = q.substr(stem_prefix.size());
      for (const auto& [other, _] : services_) {
        if (rest.rfind(other + "-", 0) != 0) continue;
        std::string queue = rest.substr(other.size() + 1);
        if (other == self) {
          std::string ds = dns_name(e.name.substr(0, e.name.size() - 10));
          s.datastores[ds] = {"queue", queue, fifo};
        } else {
          s.publishes.insert(other + "." + queue);
        }
        e.name.clear();
        return;
      }
    }
  }
  if (e.name.ends_with("_BUCKET") && v.rfind(stem_prefix + self + "-", 0) == 0) {
    std::string ds = dns_name(e.name.substr(0, e.name.size() - 7));
    s.datastores[ds] = {"bucket", v.substr(stem_prefix.size() + self.size() + 1), false};
    e.name.clear();
  }
}

// A connection Secret of infrac's (<service>-<datastore>, keys host/port/...) is a datastore;
// an ExternalSecret's remote key is a secret reference; a plain Secret's value stays behind.
void Importer::secret_env(Env& e, const std::string& self, Service& s) {
  // PostgreSQL also gives dbname (<NAME>_DBNAME), read from the same connection secret.
  static const std::set<std::string> outputs = {"host",   "port",       "username", "password",
                                                "dbname", "auth_token", "tls",      "ca_cert"};
  const Manifest* es = find("ExternalSecret", e.secret);
  if (es && e.secret.rfind(self + "-", 0) == 0 && outputs.count(e.key)) {
    std::string ds = e.secret.substr(self.size() + 1);
    Datastore& d = s.datastores[ds];
    if (d.stem.empty()) d.stem = ds;
    if (e.key == "username" || e.key == "dbname") d.type = "postgres";
    if (e.key == "auth_token" && d.type.empty()) d.type = "redis";
    if (const Node* data = find_path(es->node, {"spec", "data"})) {
      for (const auto& item : data->items) {
        // The remote key names the datastore's stem: <project>/<env>/<service>/<stem> (AWS)
        // or <project>-<env>-<service>-<stem> (Google Cloud).
        const Node* remote = item.find("remoteRef");
        std::string key = remote ? text_at(*remote, "key") : "";
        if (key.empty()) continue;
        std::string stem = key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
        std::string prefix = o_.project + "-" + o_.env + "-" + self + "-";
        d.stem = stem.rfind(prefix, 0) == 0 ? stem.substr(prefix.size()) : stem;
      }
    }
    r_.owner[es->id()] = self;
    if (!used_.count(es->id()))
      note(*es, "", "the datastore carries it; infrac writes the connection secret");
    e.name.clear();
    return;
  }
  e.literal = false;
}

void Importer::add_env(const Env& e, const std::string& self, Service& s, KValue& env,
                       KValue& secrets) {
  if (e.name.empty() || env.find(e.name) || secrets.find(e.name)) return;
  // What infrac gives the pods for a datastore it now declares (<NAME>_TLS, ...).
  for (const auto& [ds, _] : s.datastores) {
    for (const char* output : {"_TLS", "_BUCKET", "_QUEUE_URL", "_HOST", "_PORT"})
      if (e.name == env_var_stem(ds) + output) return;
  }
  if (e.literal) {
    env.set(e.name, KValue::str(e.value));
    return;
  }
  const Manifest* es = find("ExternalSecret", e.secret);
  const Node* data = es ? find_path(es->node, {"spec", "data"}) : nullptr;
  for (const auto& item : data ? data->items : std::vector<Node>{}) {
    if (text_at(item, "secretKey") != e.key || !item.find("remoteRef")) continue;
    KValue ref = KValue::map({{"key", KValue::str(text_at(*item.find("remoteRef"), "key"))}});
    std::string property = text_at(*item.find("remoteRef"), "property");
    if (!property.empty()) ref.set("property", KValue::str(property));
    secrets.set(e.name, std::move(ref));
    r_.owner[es->id()] = self;
    if (!used_.count(es->id()))
      note(*es, "", "secrets: carries its references; infrac writes the ExternalSecret");
    return;
  }
  // A plain Secret: its value is never imported.
  secrets.set(e.name, KValue::map({{"key", KValue::str(self + "/" + e.secret)},
                                   {"property", KValue::str(e.key)}}));
  if (const Manifest* plain = find("Secret", e.secret)) {
    r_.owner[plain->id()] = self;
    if (!used_.count(plain->id()))
      note(*plain, "",
           "secret values are never imported: store them in the secret manager "
           "under " +
               self + "/" + e.secret + " (one property per key)");
  }
}

// ------------------------------------------------------------------ routes
std::string Importer::public_url(const std::string& self) {
  std::set<std::string> own_services;
  for (const auto& m : in_) {
    if (m.kind == "Service" &&
        (m.ns == self || dns_name(label(m.node, "app.kubernetes.io/name")) == self ||
         dns_name(label(m.node, "app")) == self || m.name == self))
      own_services.insert(m.name);
  }
  for (const auto& m : in_) {
    std::string host, path, backend;
    if (m.kind == "HTTPRoute") {
      const Node* hosts = find_path(m.node, {"spec", "hostnames"});
      const Node* rules = find_path(m.node, {"spec", "rules"});
      if (!hosts || hosts->items.empty() || !rules || rules->items.empty()) continue;
      host = hosts->items[0].text;
      const Node& rule = rules->items[0];
      const Node* match = rule.find("matches");
      const Node* p = match && !match->items.empty() ? match->items[0].find("path") : nullptr;
      path = p ? text_at(*p, "value", "/") : "/";
      const Node* backends = rule.find("backendRefs");
      backend = backends && !backends->items.empty() ? text_at(backends->items[0], "name") : "";
    } else if (m.kind == "Ingress") {
      const Node* rules = find_path(m.node, {"spec", "rules"});
      if (!rules || rules->items.empty()) continue;
      host = text_at(rules->items[0], "host");
      const Node* paths = find_path(rules->items[0], {"http", "paths"});
      if (!paths || paths->items.empty()) continue;
      path = text_at(paths->items[0], "path", "/");
      const Node* b = find_path(paths->items[0], {"backend", "service", "name"});
      backend = b ? b->text : "";
    } else {
      continue;
    }
    if (!own_services.count(backend) || host.empty()) continue;
    r_.owner[m.id()] = self;
    note(m, "",
         "urls.public and expose: public carry it; infrac routes through the project's "
         "gateway");
    public_backend_[self] = backend;
    return "https://" + host + (path.empty() ? "/" : path);
  }
  return {};
}

}  // namespace infrac::import_detail
