// One service file -> its Service and one Target per environment.
#include <algorithm>
#include <map>
#include <set>

#include "base/did_you_mean.h"
#include "resolve/build_escape.h"
#include "resolve/build_model.h"
#include "resolve/build_parts.h"
#include "resolve/stdlib.h"
#include "resolve/values.h"
#include "spec/cron.h"
#include "spec/duration.h"
#include "spec/overlay.h"
#include "spec/public_url.h"
#include "spec/schema.h"
#include "spec/validate.h"

namespace infrac {
namespace {

// Where each section of the merged spec is written (Target::written).
TargetWritten written_sections(const Node& spec) {
  TargetWritten w;
  for (auto [field, at] : {std::pair{"components", &w.components},
                           {"datastores", &w.datastores},
                           {"secrets", &w.secrets},
                           {"env", &w.env},
                           {"dependencies", &w.dependencies},
                           {"publishes", &w.publishes},
                           {"iam", &w.iam},
                           {"egress", &w.egress}}) {
    if (const Node* n = spec.find(field)) *at = n->location;
  }
  return w;
}

class TargetBuilder {
 public:
  TargetBuilder(const Project& project, const Environment& env, Diagnostics& diagnostics)
      : project_(project), env_(env), diagnostics_(diagnostics) {}

  // `spec`: the environment's merged spec; read here and by resolve's checks, never kept.
  Target build(const Service& service, const Node& file_root, const Node& spec,
               const Node* override_node) {
    const Stdlib& defaults = stdlib();
    spec_ = &spec;
    Target t;
    t.env = env_.name;
    t.production = env_.production;
    t.service = service.name;
    t.file = service.file;
    const Node& metadata = *file_root.find("metadata");
    t.team = text_at(metadata, "team");
    t.tier = text_at(metadata, "tier", defaults.tier);
    t.description = text_at(metadata, "description");
    t.written = written_sections(spec);

    build_image(spec, t);
    if (const Node* components = spec.find("components")) {
      for (const auto& entry : components->entries) {
        t.components.push_back(build_component(
            entry, spec.find("security"),
            {project_.observability.metrics_via, project_.observability.metrics_via_location},
            diagnostics_));
        t.components.back().kubernetes = build_kubernetes_escape(
            entry.value, entry.key, [&](const Node& n) { return resolve_image(n); }, diagnostics_);
        check_pod_ports(t.components.back(), diagnostics_);
      }
    }
    std::sort(t.components.begin(), t.components.end(),
              [](const Component& a, const Component& b) { return a.name < b.name; });
    check_metrics_ports_across(t.components, diagnostics_);
    for (const auto& c : t.components) check_metrics_collector(c);
    if (const Node* datastores = spec.find("datastores")) {
      for (const auto& entry : datastores->entries)
        t.datastores.push_back(build_datastore(entry, diagnostics_));
    }
    std::sort(t.datastores.begin(), t.datastores.end(),
              [](const Datastore& a, const Datastore& b) { return a.name < b.name; });
    check_consumes(t);
    build_dependencies(spec, t);
    t.egress = build_egress(spec, diagnostics_);
    t.publishes = build_publishes(spec);
    t.iam = build_iam(spec, project_.cloud, diagnostics_);
    build_internal_url(t);
    build_public_url(spec, override_node, t);
    build_env(spec, t);
    build_runtime(spec, t);
    check_escapes_and_renames(t, diagnostics_);
    t.slo = build_slo(spec, t.components, diagnostics_);
    check_slo_is_scraped(t);
    auto route = env_.alert_targets.find(t.team);
    if (route != env_.alert_targets.end()) t.alert_target = route->second;
    return t;
  }

 private:
  const Project& project_;
  const Environment& env_;
  Diagnostics& diagnostics_;
  const Node* spec_ = nullptr;  // the merged spec of the target being built

  // A schedule goes to a Kubernetes CronJob or to Cloud Scheduler; each reads its own cron
  // dialect (spec/cron.h), so the spec-level check accepted what either reads.
  void check_schedule_for_runtime(const Component& c, const Target& t) {
    if (c.type != ComponentType::Cron) return;
    const Node* schedule = find_path(*spec_, {"components", c.name, "schedule"});
    if (!schedule || check_cron(schedule->text, CronDialect::Any)) return;
    bool cloud_run = t.runtime == Runtime::CloudRun;
    auto problem = check_cron(schedule->text,
                              cloud_run ? CronDialect::CloudScheduler : CronDialect::Kubernetes);
    if (!problem) return;
    Diagnostic& d = diagnostics_.add(
        DiagCode::kInvalidSchedule, location_within(*schedule, problem->offset, problem->length),
        "schedule of '" + c.name + "' (" + (cloud_run ? "Cloud Scheduler" : "Kubernetes CronJob") +
            "): " + problem->message);
    d.help = problem->help;
  }

  // Pushed metrics need somewhere to go. A project default of otlp without an endpoint was
  // refused in infrac.yaml already; here a component chose otlp itself.
  void check_metrics_collector(const Component& c) {
    if (c.metrics_via != MetricsVia::Otlp || !project_.observability.otlp_endpoint.empty()) return;
    diagnostics_
        .add(DiagCode::kMetricsNoCollector, c.metrics_via_location,
             "metrics of '" + c.name +
                 "' are pushed via otlp, but infrac.yaml sets no observability.otlp_endpoint")
        .help =
        "set spec.observability.otlp_endpoint in infrac.yaml, or write via: prometheus to have "
        "the pod scraped";
  }

  // On Kubernetes an SLO reads the component's scraped request metrics; with metrics: false
  // its rules would select nothing and never alert. (Cloud Run measures in Cloud Monitoring.)
  void check_slo_is_scraped(Target& t) {
    if (!t.slo || t.runtime != Runtime::Kubernetes) return;
    for (const auto& c : t.components) {
      if (c.name != t.slo->component || c.metrics_via != MetricsVia::None) continue;
      Diagnostic& d = diagnostics_.add(DiagCode::kInvalidSlo, t.slo->location,
                                       "the SLO measures '" + c.name +
                                           "', whose metrics are turned off: its rules would "
                                           "select no series and never alert");
      d.help = "remove metrics: false from component '" + c.name + "', or measure another";
      d.notes.push_back({c.metrics_location, "metrics are turned off here"});
      t.slo.reset();
    }
  }

  // Cloud Run serves one port and nothing scrapes it: request metrics come from Cloud
  // Monitoring there, so a metrics endpoint in the spec would be a promise no one keeps.
  void check_metrics_for_runtime(Component& c, const Target& t) {
    if (t.runtime != Runtime::CloudRun) return;
    const Node* m = find_path(*spec_, {"components", c.name, "metrics"});
    if (m && m->is_map()) {
      diagnostics_
          .add(DiagCode::kRuntimeNotOnCloud, m->location,
               "nothing scrapes a metrics endpoint on Cloud Run")
          .help =
          "remove metrics: Cloud Run's request metrics are in Cloud Monitoring, where "
          "the SLO of the service is measured";
    }
    c.metrics_port = 0;
    c.metrics_via = MetricsVia::None;
  }

  // runtime, and what only one runtime understands: Cloud Run has no gRPC components here;
  // rollouts and OpenAPI files are Cloud Run's.
  void build_runtime(const Node& spec, Target& t) {
    t.runtime = project_.runtime;
    t.runtime_location = Location{t.file, 1, 1, 1};
    if (const MapEntry* r = spec.find_entry("runtime")) {
      t.runtime = r->value.text == "cloudrun" ? Runtime::CloudRun : Runtime::Kubernetes;
      t.runtime_location = r->value.location;
      if (t.runtime == Runtime::CloudRun && project_.cloud != Cloud::Gcp) {
        diagnostics_
            .add(DiagCode::kRuntimeNotOnCloud, r->value.location,
                 "runtime cloudrun needs cloud: gcp")
            .help = "remove runtime, or move the project to gcp";
      }
    }
    if (const MapEntry* o = spec.find_entry("openapi")) {
      t.openapi = o->value.text;
      t.openapi_location = o->value.location;
      if (t.runtime != Runtime::CloudRun) {
        diagnostics_
            .add(DiagCode::kOpenApiInvalid, o->key_location,
                 "openapi is merged into the Cloud Run API gateway; this service runs on "
                 "Kubernetes")
            .help = "remove openapi, or set runtime: cloudrun";
      }
    }
    for (auto& c : t.components) {
      check_schedule_for_runtime(c, t);
      if (t.runtime == Runtime::CloudRun && c.type == ComponentType::Grpc) {
        diagnostics_
            .add(DiagCode::kRuntimeNotOnCloud, c.location,
                 "grpc component '" + c.name + "' cannot run on Cloud Run here")
            .help = "keep gRPC services on runtime: kubernetes";
      }
      // Cloud Run jobs run a task for at most 24 hours; longer work belongs on Kubernetes.
      if (t.runtime == Runtime::CloudRun && c.timeout_seconds > 24 * 3600) {
        diagnostics_
            .add(DiagCode::kRuntimeNotOnCloud, c.location,
                 "component '" + c.name + "' runs up to " +
                     std::to_string(c.timeout_seconds / 3600) +
                     "h; a Cloud Run job task stops after 24h")
            .help = "shorten timeout, or keep this service on runtime: kubernetes";
      }
      check_metrics_for_runtime(c, t);
      if (t.runtime == Runtime::CloudRun && c.run != JobRun::Once) {
        diagnostics_
            .add(DiagCode::kRuntimeNotOnCloud, c.run_location,
                 "Cloud Run jobs run when executed, not as a step of a rollout")
            .help = "remove run, or keep this service on runtime: kubernetes";
      }
      if (c.rollout_location.known()) check_rollout(c, t);
    }
  }

  void build_image(const Node& spec, Target& t) {
    if (const Node* node = spec.find("image")) t.image = resolve_image(*node);
  }

  // An image as this environment pulls it. Each environment pulls from its own registry
  // (environments.<env>.registry), so a production image is one that was promoted there, not
  // the dev account's build.
  Image resolve_image(const Node& node) {
    ParsedImage parsed = parse_image(node.text);
    Image image;
    image.location = node.location;
    image.tag = parsed.tag;
    image.digest = parsed.digest;
    image.repository = parsed.has_registry || env_.registry.empty()
                           ? parsed.repository
                           : env_.registry + "/" + parsed.repository;
    image.reference = image.repository + (parsed.tag.empty() ? "" : ":" + parsed.tag) +
                      (parsed.digest.empty() ? "" : "@" + parsed.digest);
    if (!parsed.digest.empty() &&
        !(parsed.digest.size() == 71 && parsed.digest.starts_with("sha256:") &&
          parsed.digest.find_first_not_of("0123456789abcdef", 7) == std::string::npos)) {
      diagnostics_.add(DiagCode::kImageNotPinned, node.location,
                       "image digest '" + parsed.digest + "' is not sha256: and 64 hex digits");
    } else if (parsed.tag.empty() && parsed.digest.empty()) {
      Diagnostic& d = diagnostics_.add(DiagCode::kImageNotPinned, node.location,
                                       "image '" + node.text + "' has neither a tag nor a digest");
      d.help = "pin it, e.g. " + node.text + ":1.0.0; CI can pass --image-tag";
    } else if (parsed.tag == "latest" && parsed.digest.empty()) {
      Diagnostic& d =
          diagnostics_.add(DiagCode::kImageNotPinned, node.location,
                           "image '" + node.text + "' is tagged latest, which is not a pin");
      d.help = "use a version tag or a digest; CI can pass --image-tag";
    }
    return image;
  }

  // Cloud Run splits traffic between revisions and keeps the one serving now by itself; on
  // Kubernetes the split is the Gateway's (weighted HTTPRoute backends), so the component must
  // be public and the spec must name what the stable Deployment keeps running.
  void check_rollout(Component& c, const Target& t) {
    const Node* stable = find_path(*spec_, {"components", c.name, "rollout", "stable"});
    if (t.runtime == Runtime::CloudRun) {
      if (stable) {
        diagnostics_
            .add(DiagCode::kRolloutInvalid, stable->location,
                 "Cloud Run keeps the revision serving now; rollout.stable is for Kubernetes")
            .help = "remove stable";
      }
      return;
    }
    if (!c.is_public) {
      diagnostics_
          .add(DiagCode::kRolloutInvalid, c.rollout_location,
               "a Kubernetes rollout splits the traffic of the public route; component '" + c.name +
                   "' is internal")
          .help = "expose: public, or remove rollout";
      return;
    }
    if (!stable) {
      diagnostics_
          .add(DiagCode::kRolloutInvalid, c.rollout_location,
               "a rollout on Kubernetes needs the image the stable Deployment keeps serving")
          .help = "rollout: {percent: 10, stable: " +
                  (t.image.repository.empty()
                       ? std::string("app:1.4.1")
                       : t.image.repository.substr(t.image.repository.rfind('/') + 1) +
                             ":<tag running now>") +
                  "} (infrac status ENV SERVICE shows the image running now)";
      return;
    }
    c.rollout_stable = resolve_image(*stable);
  }

  void check_consumes(const Target& t) {
    const Node* components = spec_->find("components");
    if (!components) return;
    for (const auto& entry : components->entries) {
      const Node* consumes = entry.value.find("consumes");
      if (!consumes) continue;
      for (const auto& item : consumes->items) {
        auto it = std::find_if(t.datastores.begin(), t.datastores.end(),
                               [&](const Datastore& d) { return d.name == item.text; });
        if (it != t.datastores.end() && it->type == "queue") continue;
        std::vector<std::string_view> queues;
        for (const auto& d : t.datastores) {
          if (d.type == "queue") queues.push_back(d.name);
        }
        Diagnostic& d = diagnostics_.add(
            DiagCode::kUnknownQueue, item.location,
            it == t.datastores.end() ? "component '" + entry.key + "' consumes '" + item.text +
                                           "', which is not a datastore of this service"
                                     : "component '" + entry.key + "' consumes '" + item.text +
                                           "', which is a " + it->type + ", not a queue");
        d.help = did_you_mean(item.text, queues);
        if (d.help.empty()) d.help = "declare it under datastores: with type: queue";
      }
    }
  }

  void build_dependencies(const Node& spec, Target& t) {
    const Node* deps = spec.find("dependencies");
    if (!deps) return;
    std::map<std::string, Location> seen;
    for (const auto& item : deps->items) {
      Dependency dep;
      dep.location = item.location;
      if (item.is_map()) {
        dep.service = text_at(item, "service");
        dep.env_name = text_at(item, "env");
        dep.form = text_at(item, "form", "url");
        if (const Node* s = item.find("service")) dep.location = s->location;
        if (const Node* e = item.find("env")) dep.env_location = e->location;
      } else {
        dep.service = item.text;
      }
      if (dep.env_name.empty()) dep.env_name = env_var_stem(dep.service) + "_URL";
      if (dep.service == t.service) {
        diagnostics_.add(DiagCode::kSelfDependency, dep.location,
                         "service '" + t.service + "' lists itself as a dependency");
        continue;
      }
      auto [it, inserted] = seen.emplace(dep.service, dep.location);
      if (!inserted) {
        Diagnostic& d = diagnostics_.add(DiagCode::kDuplicateEntry, dep.location,
                                         "dependency '" + dep.service + "' is listed twice");
        d.notes.push_back({it->second, "first listed here"});
        continue;
      }
      t.dependencies.push_back(std::move(dep));
    }
  }

  void build_internal_url(Target& t) {
    // The serving component is the first in name order, so reordering keys never changes
    // the URL.
    if (const Component* c = t.serving_component()) {
      t.internal_port = c->port;
      t.internal_url = "http://" + t.service + "." + t.service + ".svc." +
                       project_.kubernetes.cluster_domain + ":" + std::to_string(c->port);
    }
  }

  void build_public_url(const Node& spec, const Node* override_node, Target& t) {
    const Node* urls = spec.find("urls");
    const Node* url = urls ? urls->find("public") : nullptr;
    std::vector<const Component*> public_components;
    for (const auto& c : t.components) {
      if (c.is_public) public_components.push_back(&c);
    }
    if (public_components.size() > 1) {
      Diagnostic& d =
          diagnostics_.add(DiagCode::kSeveralPublic, public_components[1]->location,
                           "components '" + public_components[0]->name + "' and '" +
                               public_components[1]->name + "' are both exposed as public");
      d.help = "one component receives the public URL; make the others internal";
    }
    if (!url) {
      // The gateway routes a public component by its URL; without one it would stay internal
      // while the spec says public.
      // Name the environment only when its override removed the URL: otherwise every
      // environment lacks it, and the one report (deduplicated by place) speaks for all.
      bool removed_here = override_node && override_node->find("urls");
      for (const Component* c : public_components) {
        Diagnostic& d = diagnostics_.add(
            DiagCode::kPublicWithoutUrl,
            location_at(spec, {"components", c->name, "expose"}, c->location),
            "component '" + c->name + "' is exposed as public but the service has no public URL" +
                (removed_here ? " in environment '" + env_.name + "'" : std::string()));
        d.help = "add urls.public (such as https://" + t.service + "." + env_.domain +
                 "), or make the component internal in " + env_.name + " under environments." +
                 env_.name;
      }
      return;
    }
    if (public_components.empty()) {
      Diagnostic& d = diagnostics_.add(DiagCode::kPublicUrlNoComponent, url->location,
                                       "urls.public is set but no component has expose: public");
      d.help = "add expose: public to the http component that serves it";
      return;
    }
    std::optional<UrlParts> parsed = split_public_url(url->text);
    if (!parsed) return;  // validation reported it at its column
    PublicUrl out;
    out.location = url->location;
    out.scheme = parsed->scheme;
    out.path = parsed->path;
    out.host = parsed->host;
    const Node* own_urls = override_node ? override_node->find("urls") : nullptr;
    bool overridden = own_urls && own_urls->find("public");
    if (!overridden) {
      // Replace the suffix that is some environment's domain by this environment's domain.
      const Environment* home = nullptr;
      for (const auto& env : project_.environments) {
        bool under = parsed->host == env.domain || parsed->host.ends_with("." + env.domain);
        if (under && (!home || env.domain.size() > home->domain.size())) home = &env;
      }
      if (!home) {
        Diagnostic& d =
            diagnostics_.add(DiagCode::kUrlOutsideDomains, url->location,
                             "host '" + parsed->host + "' is not under any environment's domain");
        std::string domains;
        for (const auto& env : project_.environments) {
          domains += (domains.empty() ? "" : ", ") + env.domain;
        }
        d.help = "use a host under " + domains +
                 ", or give each environment its own URL under environments.<env>.urls.public";
        return;
      }
      out.host = parsed->host.substr(0, parsed->host.size() - home->domain.size()) + env_.domain;
    }
    out.url = out.scheme + "://" + out.host + (parsed->has_path ? out.path : "");
    t.public_url = std::move(out);
  }

  // Derived variables first, then the ones the user named, so a clash is reported at the
  // user's line.
  void build_env(const Node& spec, Target& t) {
    std::map<std::string, Location> defined;
    auto define = [&](EnvVar var) {
      auto [it, inserted] = defined.emplace(var.name, var.location);
      if (!inserted) {
        Diagnostic& d = diagnostics_.add(DiagCode::kEnvCollision, var.location,
                                         "environment variable " + var.name + " is defined twice");
        d.notes.push_back({it->second, "first defined here"});
        d.help = "rename one of them (dependencies take env: NAME)";
        return;
      }
      t.env_vars.push_back(std::move(var));
    };
    for (const auto& ds : t.datastores) {
      std::vector<std::string> outputs;
      // The application signs in with IAM database authentication on both clouds (an RDS
      // token, a Cloud SQL access token): no password.
      if (ds.type == "postgres") outputs = {"host", "port", "username", "dbname"};
      // Caches require TLS (<NAME>_TLS=true); Memorystore's server CA is its own, so clients
      // get it to verify the server (<NAME>_CA_CERT).
      else if (ds.type == "redis" && project_.cloud == Cloud::Gcp)
        outputs = {"host", "port", "auth_token", "tls", "ca_cert"};
      else if (ds.type == "redis")
        outputs = {"host", "port", "auth_token", "tls"};
      else if (ds.type == "bucket")
        outputs = {"bucket"};
      else if (ds.type == "queue")
        outputs = {"queue_url"};
      for (const auto& output : outputs) {
        EnvVar v;
        v.name = env_var_stem(ds.name) + "_" + env_var_stem(output);
        v.source = EnvSource::DatastoreOutput;
        v.datastore = ds.name;
        v.output = output;
        v.location = ds.location;
        define(std::move(v));
      }
    }
    for (const auto& dep : t.dependencies) {
      EnvVar v;
      v.name = dep.env_name;
      v.source = EnvSource::ServiceUrl;  // value filled by resolve(), which sees every service
      v.location = dep.env_location.known() ? dep.env_location : dep.location;
      define(std::move(v));
    }
    if (const Node* env = spec.find("env")) {
      for (const auto& entry : env->entries) {
        EnvVar v;
        v.name = entry.key;
        v.source = EnvSource::Literal;
        v.value = entry.value.text;
        v.location = entry.key_location;
        v.value_location = entry.value.location;
        define(std::move(v));
      }
    }
    if (const Node* secrets = spec.find("secrets")) {
      for (const auto& entry : secrets->entries) {
        EnvVar v;
        v.name = entry.key;
        v.source = EnvSource::Secret;
        v.secret_key = text_at(entry.value, "key");
        v.secret_property = text_at(entry.value, "property");
        v.location = entry.key_location;
        v.secret_key_location = location_at(entry.value, {"key"}, entry.key_location);
        define(std::move(v));
      }
    }
    std::sort(t.env_vars.begin(), t.env_vars.end(),
              [](const EnvVar& a, const EnvVar& b) { return a.name < b.name; });
  }
};

bool has_field(const Schema& schema, std::string_view name) {
  return std::any_of(schema.fields.begin(), schema.fields.end(),
                     [&](const Field& f) { return f.name == name; });
}

// A field of spec written at the top level (`datastores:` indented too little): its
// unknown-field error says where it belongs, and is the one error; the checks after it would
// only repeat it (an override of a datastore spec no longer declares).
bool spec_field_at_top(const Node& root, std::vector<Diagnostic>& found) {
  bool misplaced = false;
  for (const auto& e : root.entries) {
    if (has_field(service_file_schema(), e.key) || !has_field(service_spec_schema(), e.key))
      continue;
    for (auto& d : found) {
      if (d.code != DiagCode::kUnknownField || !(d.location == e.key_location)) continue;
      d.help = "'" + e.key + "' is a field of spec: indent it under spec: like spec's other fields";
      misplaced = true;
    }
  }
  return misplaced;
}

}  // namespace

std::string_view env_source_name(EnvSource source) {
  switch (source) {
    case EnvSource::Literal:
      return "literal";
    case EnvSource::ServiceUrl:
      return "service_url";
    case EnvSource::DatastoreOutput:
      return "datastore";
    case EnvSource::Secret:
      return "secret";
  }
  return "literal";
}

std::string_view component_type_name(ComponentType type) {
  switch (type) {
    case ComponentType::Http:
      return "http";
    case ComponentType::Grpc:
      return "grpc";
    case ComponentType::Worker:
      return "worker";
    case ComponentType::Cron:
      return "cron";
    case ComponentType::Job:
      return "job";
  }
  return "http";
}

// An override of a component or datastore that spec does not declare, and without the type
// that would let it stand alone: a typo or a leftover. Said as such, not as a missing `type`.
static bool overrides_undeclared(const Node& spec, const Node& override_node,
                                 const std::string& env, Diagnostics& diagnostics) {
  bool found = false;
  for (std::string_view section : {"components", "datastores"}) {
    const Node* overrides = override_node.find(section);
    if (!overrides || !overrides->is_map()) continue;
    const Node* declared = spec.find(section);
    std::vector<std::string_view> names;
    if (declared && declared->is_map()) {
      for (const auto& e : declared->entries) names.push_back(e.key);
    }
    for (const auto& e : overrides->entries) {
      bool exists = std::find(names.begin(), names.end(), e.key) != names.end();
      if (exists || !e.value.is_map() || e.value.find("type")) continue;
      std::string what = section == "components" ? "component" : "datastore";
      Diagnostic& d =
          diagnostics.add(DiagCode::kOverrideUnknown, e.key_location,
                          "environment '" + env + "' overrides " + what + " '" + e.key +
                              "', which spec." + std::string(section) + " does not declare");
      std::string hint = did_you_mean(e.key, names);
      d.help = hint.empty() ? "declare it under spec." + std::string(section) +
                                  " and override only what differs in " + env
                            : hint;
      found = true;
    }
  }
  return found;
}

ServiceBuild build_service(const LoadedFile& file, const Project& project,
                           Diagnostics& diagnostics) {
  ServiceBuild out;
  out.service.name = file.folder;
  out.service.file = file.file;
  if (!file.root) return out;
  const Node& root = *file.root;
  if (const Node* metadata = root.find("metadata")) {
    out.service.team_location = location_at(*metadata, {"team"}, Location{});
    out.service.tier_location = location_at(*metadata, {"tier"}, Location{});
    out.service.description_location = location_at(*metadata, {"description"}, Location{});
  }
  Diagnostics local;
  validate_node(root, service_file_schema(), "", Location{}, {}, local);
  const Node* environments = root.find("environments");
  if (environments && environments->is_map()) {
    for (const auto& entry : environments->entries) {
      if (!project.environment(entry.key)) {
        std::vector<std::string_view> names;
        for (const auto& env : project.environments) names.push_back(env.name);
        Diagnostic& d = local.add(DiagCode::kUnknownEnvironment, entry.key_location,
                                  "environment '" + entry.key + "' is not in infrac.yaml");
        d.help = did_you_mean(entry.key, names);
      }
    }
  }
  if (const Node* metadata = root.find("metadata"); metadata && metadata->is_map()) {
    if (const Node* name = metadata->find("name"); name && name->kind == NodeKind::String) {
      out.service.name_location = name->location;
      if (name->text != file.folder) {
        Diagnostic& d = local.add(
            DiagCode::kNameFolderMismatch, name->location,
            "metadata.name is '" + name->text + "' but the folder is '" + file.folder + "'");
        d.help = "rename the folder to services/" + name->text + " or set name: " + file.folder;
      }
    }
    if (const Node* team = metadata->find("team");
        team && team->kind == NodeKind::String && !project.teams.empty() &&
        std::find(project.teams.begin(), project.teams.end(), team->text) == project.teams.end()) {
      std::vector<std::string_view> teams(project.teams.begin(), project.teams.end());
      Diagnostic& d = local.add(DiagCode::kTeamUnknown, team->location,
                                "team '" + team->text + "' is not in infrac.yaml's spec.teams");
      d.help = did_you_mean(team->text, teams);
    }
  }
  std::vector<Diagnostic> found = local.take();
  if (spec_field_at_top(root, found)) {
    diagnostics.append(std::move(found));
    return out;
  }
  local.append(std::move(found));
  // Keep going after shape errors where the structure allows it, so one typo does not hide
  // the next problem; the builders below read every value defensively.
  const Node* spec_node = root.find("spec");
  const Node* metadata_node = root.find("metadata");
  if (!root.is_map() || !spec_node || !spec_node->is_map() || !metadata_node ||
      !metadata_node->is_map() || (environments && !environments->is_map())) {
    diagnostics.append(local.take());
    return out;
  }
  const Node& spec = *spec_node;
  for (const auto& env : project.environments) {
    const Node* override_node = environments ? environments->find(env.name) : nullptr;
    Node merged = override_node ? merge_override(spec, *override_node) : spec;
    if (override_node && overrides_undeclared(spec, *override_node, env.name, local)) {
      out.targets.clear();
      out.specs.clear();
      break;
    }
    if (override_node) {
      // A null in an override can remove a required field; check the result whole.
      validate_node(merged, service_spec_schema(), "spec", root.find_entry("spec")->key_location,
                    {}, local);
    }
    TargetBuilder builder(project, env, local);
    out.targets.push_back(builder.build(out.service, root, merged, override_node));
    out.specs.push_back(std::move(merged));
  }
  out.valid = !local.has_errors();
  diagnostics.append(local.take());
  return out;
}

}  // namespace infrac
