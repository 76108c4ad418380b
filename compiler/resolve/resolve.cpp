#include "resolve/resolve.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/did_you_mean.h"
#include "base/parallel.h"
#include "resolve/guarantees.h"
#include "resolve/values.h"

namespace infrac {

Location Model::service_location(std::string_view service) const {
  auto it = std::lower_bound(services.begin(), services.end(), service,
                             [](const Service& s, std::string_view name) { return s.name < name; });
  return it != services.end() && it->name == service ? it->name_location : Location{};
}

const Component* Target::serving_component() const {
  for (const auto& c : components) {
    if (serves_traffic(c.type)) return &c;
  }
  return nullptr;
}

std::string Target::component_object_name(const Component& c) const {
  const Component* serving = serving_component();
  return serving && serving->name == c.name ? service : service + "-" + c.name;
}

std::string_view secret_key_owner(std::string_view key,
                                  const std::function<bool(std::string_view)>& is_service) {
  for (std::size_t i = key.size(); i-- > 1;) {
    if ((key[i] == '/' || key[i] == '-') && is_service(key.substr(0, i))) return key.substr(0, i);
  }
  return {};
}

std::string_view secret_key_owner(std::string_view key,
                                  const std::vector<std::string_view>& services) {
  return secret_key_owner(key, [&](std::string_view name) {
    return std::binary_search(services.begin(), services.end(), name);
  });
}

std::string_view secret_key_owner_in(std::string_view key, std::string_view project,
                                     std::string_view env,
                                     const std::function<bool(std::string_view)>& is_service) {
  for (char sep : {'/', '-'}) {
    std::string prefix = std::string(project) + sep + std::string(env) + sep;
    if (key.size() > prefix.size() && key.starts_with(prefix)) {
      std::string_view rest = key.substr(prefix.size());
      if (std::string_view owner = secret_key_owner(rest, is_service); !owner.empty()) return owner;
    }
  }
  return secret_key_owner(key, is_service);
}

const Target* Model::target(std::string_view env, std::string_view service) const {
  auto env_index = [&](std::string_view name) {
    std::size_t i = 0;
    while (i < project.environments.size() && project.environments[i].name != name) ++i;
    return i;
  };
  std::size_t e = env_index(env);
  if (e == project.environments.size()) return nullptr;
  // Targets are environment-major (the project's order), then by service name.
  auto it =
      std::lower_bound(targets.begin(), targets.end(), std::pair{e, service},
                       [&](const Target& t, const std::pair<std::size_t, std::string_view>& key) {
                         std::size_t te = env_index(t.env);
                         return te < key.first || (te == key.first && t.service < key.second);
                       });
  return it != targets.end() && it->env == env && it->service == service ? &*it : nullptr;
}

bool Model::has_service(std::string_view name) const {
  return service(name) != nullptr;
}

const Service* Model::service(std::string_view name) const {
  auto it = std::lower_bound(services.begin(), services.end(), name,
                             [](const Service& s, std::string_view n) { return s.name < n; });
  return it != services.end() && it->name == name ? &*it : nullptr;
}

namespace {

// Least privilege: a service reads its own keys, and another key only when infrac.yaml
// shares it with the service (spec.secrets.shared).
void check_secret_ownership(const Project& project, const Target& t,
                            const std::vector<std::string_view>& services,
                            Diagnostics& diagnostics) {
  for (const auto& var : t.env_vars) {
    if (var.source != EnvSource::Secret || var.secret_key.empty()) continue;
    std::string_view owner =
        secret_key_owner_in(var.secret_key, project.name, t.env, [&](std::string_view name) {
          return std::binary_search(services.begin(), services.end(), name);
        });
    if (owner == t.service) continue;
    const Project::SharedSecret* shared = nullptr;
    for (const auto& s : project.shared_secrets) {
      if (s.key == var.secret_key) shared = &s;
    }
    if (shared && std::find(shared->services.begin(), shared->services.end(), t.service) !=
                      shared->services.end()) {
      continue;
    }
    std::string why = shared          ? "which infrac.yaml shares with other services only"
                      : owner.empty() ? "which is not under its own name ('" + t.service +
                                            "/...' or '" + t.service + "-...')"
                                      : "which belongs to service '" + std::string(owner) + "'";
    Diagnostic& d = diagnostics.add(
        DiagCode::kSecretNotOwned, var.secret_key_location,
        "security: service '" + t.service + "' reads secret key '" + var.secret_key + "', " + why);
    if (shared) d.notes.push_back({shared->location, "shared here"});
    d.help = "use a key named after this service (" + t.service + "/NAME), or share '" +
             var.secret_key +
             "' with it in infrac.yaml: spec.secrets.shared: [{key: " + var.secret_key +
             ", services: [" + t.service + "]}]";
  }
}

// A shared key's readers are services of the project: a misspelt reader would grant nothing
// while the reader that needs the key fails elsewhere.
void check_shared_secret_readers(const Project& project,
                                 const std::vector<std::string_view>& services,
                                 Diagnostics& diagnostics) {
  for (const auto& shared : project.shared_secrets) {
    for (std::size_t i = 0; i < shared.services.size(); ++i) {
      const std::string& reader = shared.services[i];
      if (std::find(services.begin(), services.end(), reader) != services.end()) continue;
      Diagnostic& d = diagnostics.add(DiagCode::kUnknownService, shared.service_locations[i],
                                      "secret '" + shared.key + "' is shared with service '" +
                                          reader + "', which does not exist");
      d.help = did_you_mean(reader, services);
    }
  }
}

// The callee's internal address in the form the caller reads it (model.h, Dependency::form).
std::string dependency_value(const Target& callee, const std::string& form) {
  if (form == "url") return callee.internal_url;
  std::string address = callee.internal_url.substr(callee.internal_url.find("://") + 3);
  return form == "host" ? address.substr(0, address.rfind(':')) : address;
}

// A dependency's injected URL variable gets the callee's internal URL, unless the callee is
// unknown, not callable, or on another runtime (each reported at the dependency).
void wire_dependency(Target& t, EnvVar& var, std::size_t env,
                     const std::map<std::string_view, const ServiceBuild*>& by_name,
                     const std::vector<std::string_view>& names, Diagnostics& diagnostics) {
  auto dep = std::find_if(t.dependencies.begin(), t.dependencies.end(),
                          [&](const Dependency& d) { return d.env_name == var.name; });
  auto callee = by_name.find(dep->service);
  if (callee == by_name.end()) {
    Diagnostic& d = diagnostics.add(DiagCode::kUnknownService, dep->location,
                                    "unknown service '" + dep->service + "'");
    d.notes.push_back({dep->location, "service '" + t.service + "' depends on '" + dep->service +
                                          "', which has no services/" + dep->service +
                                          "/service.yaml"});
    d.help = did_you_mean(dep->service, names);
    return;
  }
  // A callee with errors of its own is reported there; judging it here would cascade.
  if (!callee->second->valid) return;
  const Target& other = callee->second->targets[env];
  if (other.internal_url.empty()) {
    Diagnostic& d = diagnostics.add(DiagCode::kDependencyNotCallable, dep->location,
                                    "service '" + t.service + "' depends on '" + dep->service +
                                        "', which has no http or grpc component to call");
    // At its components: what it would need an http or grpc component among.
    d.notes.push_back({other.written.components.value_or(callee->second->service.name_location),
                       "'" + dep->service + "' has these components"});
    d.help = "call it through a queue instead, or give it an http/grpc component";
    return;
  }
  if (other.runtime != t.runtime) {
    auto runtime = [](Runtime r) { return r == Runtime::CloudRun ? "Cloud Run" : "Kubernetes"; };
    Diagnostic& d =
        diagnostics.add(DiagCode::kCrossRuntimeDependency, dep->location,
                        "service '" + t.service + "' runs on " + runtime(t.runtime) + " but '" +
                            dep->service + "' runs on " + runtime(other.runtime));
    d.help = "move both to one runtime, or call it through a queue";
    return;
  }
  var.value = dependency_value(other, dep->form);
  var.callee = dep->service;
}

// publishes: <service>.<queue> names a queue datastore of another service of the project (in
// the same environment); the publisher gets <SERVICE>_<QUEUE>_QUEUE_URL, filled by lowering.
void wire_publishes(Target& t, std::size_t env,
                    const std::map<std::string_view, const ServiceBuild*>& by_name,
                    const std::vector<std::string_view>& names, Diagnostics& diagnostics) {
  std::set<std::string> seen;
  for (const auto& p : t.publishes) {
    std::string ref = p.service + "." + p.queue;
    if (!seen.insert(ref).second) {
      diagnostics.add(DiagCode::kDuplicateEntry, p.location, "publishes names " + ref + " twice");
      continue;
    }
    auto owner = by_name.find(p.service);
    if (p.service == t.service || owner == by_name.end()) {
      Diagnostic& d =
          diagnostics.add(DiagCode::kUnknownPublish, p.location,
                          p.service == t.service ? "'" + ref + "' is this service's own queue"
                                                 : "unknown service '" + p.service + "'");
      d.help = p.service == t.service ? "its own queues are its datastores; remove it here"
                                      : did_you_mean(p.service, names);
      continue;
    }
    if (!owner->second->valid) continue;  // reported there
    const Target& other = owner->second->targets[env];
    auto ds = std::find_if(other.datastores.begin(), other.datastores.end(),
                           [&](const Datastore& d) { return d.name == p.queue; });
    if (ds == other.datastores.end() || ds->type != "queue") {
      std::vector<std::string_view> queues;
      for (const auto& d : other.datastores)
        if (d.type == "queue") queues.push_back(d.name);
      Diagnostic& d = diagnostics.add(DiagCode::kUnknownPublish, p.location,
                                      "service '" + p.service + "' has no queue '" + p.queue + "'");
      d.help = queues.empty() ? "'" + p.service + "' declares no datastore of type queue"
                              : did_you_mean(p.queue, queues);
      continue;
    }
    EnvVar v;
    v.name = env_var_stem(p.service) + "_" + env_var_stem(p.queue) + "_QUEUE_URL";
    v.source = EnvSource::DatastoreOutput;
    v.datastore = ref;
    v.output = "queue_url";
    v.location = p.location;
    auto clash = std::find_if(t.env_vars.begin(), t.env_vars.end(),
                              [&](const EnvVar& e) { return e.name == v.name; });
    if (clash != t.env_vars.end()) {
      Diagnostic& d = diagnostics.add(DiagCode::kEnvCollision, p.location,
                                      "environment variable " + v.name + " is defined twice");
      d.notes.push_back({clash->location, "first defined here"});
      continue;
    }
    t.env_vars.insert(
        std::upper_bound(t.env_vars.begin(), t.env_vars.end(), v,
                         [](const EnvVar& a, const EnvVar& b) { return a.name < b.name; }),
        std::move(v));
  }
}

// Who may call each target, from the graph (its NetworkPolicy admits exactly them), and then
// every network path each target needs (resolve/needs.h), which reads the callers.
void fill_callers(Model& model) {
  for (auto& t : model.targets) t.callers = model.graph.sources(t.id(), EdgeKind::Calls);
  // Each target's needs read the others' (unchanging) fields and write only its own.
  parallel_for(model.targets.size(), default_jobs(), [&](std::size_t i) {
    model.targets[i].needs = derive_needs(model, model.targets[i]);
  });
}

}  // namespace

Model resolve_model(Project project, std::vector<ServiceBuild> builds, Diagnostics& diagnostics) {
  Model model;
  model.project = std::move(project);
  std::sort(builds.begin(), builds.end(), [](const ServiceBuild& a, const ServiceBuild& b) {
    return a.service.name < b.service.name;
  });
  std::vector<std::string_view> names;
  std::map<std::string_view, const ServiceBuild*> by_name;
  for (const auto& b : builds) {
    names.push_back(b.service.name);
    by_name.emplace(b.service.name, &b);
  }
  const std::size_t env_count = model.project.environments.size();
  check_shared_secret_readers(model.project, names, diagnostics);
  check_guarantees(model.project, builds, diagnostics);
  // The last reader of the merged specs: from here on the model is typed values only.
  for (auto& b : builds) std::vector<Node>().swap(b.specs);

  // Every dependency of every target that could be built gets its callee's URL; then the
  // targets of valid services move into the model, environment-major.
  for (std::size_t e = 0; e < env_count; ++e) {
    for (auto& b : builds) {
      if (b.targets.empty()) continue;
      Target& t = b.targets[e];
      for (auto& var : t.env_vars) {
        if (var.source == EnvSource::ServiceUrl)
          wire_dependency(t, var, e, by_name, names, diagnostics);
      }
      wire_publishes(t, e, by_name, names, diagnostics);
    }
  }
  for (std::size_t e = 0; e < env_count; ++e) {
    for (auto& b : builds) {
      if (!b.targets.empty())
        check_secret_ownership(model.project, b.targets[e], names, diagnostics);
      if (b.valid && !b.targets.empty()) model.targets.push_back(std::move(b.targets[e]));
    }
  }
  model.graph = build_target_graph(model);
  fill_callers(model);
  for (auto& b : builds) model.services.push_back(std::move(b.service));
  return model;
}

}  // namespace infrac
