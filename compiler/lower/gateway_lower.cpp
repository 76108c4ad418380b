#include "lower/gateway_lower.h"

#include <algorithm>
#include <map>
#include <set>

#include "lower/backend_support.h"
#include "lower/cloud_run_lower.h"
#include "lower/root_module.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

const std::vector<std::string> kMethods = {"delete", "get",  "head", "options",
                                           "patch",  "post", "put"};

// User text goes into a Terraform template: ${ and %{ must stay literal.
std::string template_safe(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') out += s[i];
    out += s[i];
  }
  return out;
}

KValue to_kvalue(const Node& n) {
  switch (n.kind) {
    case NodeKind::Map: {
      KValue m = KValue::map();
      for (const auto& e : n.entries) m.set(template_safe(e.key), to_kvalue(e.value));
      return m;
    }
    case NodeKind::Seq: {
      std::vector<KValue> items;
      for (const auto& i : n.items) items.push_back(to_kvalue(i));
      return KValue::list_from(std::move(items));
    }
    case NodeKind::Bool:
      return KValue::flag(n.as_bool());
    case NodeKind::Int:
      return KValue::num(n.as_int());
    case NodeKind::Null:
      return KValue();
    case NodeKind::Float:
    case NodeKind::String:
      return KValue::str(template_safe(n.text));
  }
  return KValue();
}

// Sets `key`, replacing a value the service's own document already has.
void put(KValue& map, const std::string& key, KValue value) {
  if (KValue* existing = map.find(key)) {
    *existing = std::move(value);
  } else {
    map.set(key, std::move(value));
  }
}

KValue backend(const std::string& service) {
  return KValue::map({{"address", KValue::str("${" + service + "}")},
                      {"path_translation", KValue::str("APPEND_PATH_TO_ADDRESS")}});
}

KValue operation(const std::string& id, const std::string& service, bool wildcard) {
  KValue op =
      KValue::map({{"operationId", KValue::str(id)}, {"x-google-backend", backend(service)}});
  if (wildcard) {
    op.set("parameters", KValue::list_from({KValue::map({{"name", KValue::str("path")},
                                                         {"in", KValue::str("path")},
                                                         {"required", KValue::flag(true)},
                                                         {"type", KValue::str("string")}})}));
  }
  op.set("responses",
         KValue::map({{"default",
                       KValue::map({{"description", KValue::str("The service's response.")}})}}));
  return op;
}

struct Public {
  const Target* target;
  const Component* component;
  std::string run_name, prefix;
};

// The public components of an environment's Cloud Run services, with their path prefixes.
std::vector<Public> public_components(const Model& model, const std::string& env) {
  std::vector<Public> publics;
  for (const auto& t : model.targets) {
    if (t.env != env || t.runtime != Runtime::CloudRun || !t.public_url) continue;
    for (const auto& c : t.components) {
      if (!c.is_public) continue;
      std::string prefix = t.public_url->path.empty() ? "/" : t.public_url->path;
      if (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      publics.push_back({&t, &c, t.component_object_name(c), prefix});
    }
  }
  return publics;
}

// One operation of a service's own document, renamed and routed to its backend; false when
// its operationId is taken.
bool add_operation(const MapEntry& op, const std::string& key, KValue& item,
                   std::set<std::string>& operation_ids, Diagnostics& diagnostics) {
  KValue converted = to_kvalue(op.value);
  std::string operation_id =
      key + "_" +
      text_at(op.value, "operationId", op.key + "_" + std::to_string(operation_ids.size()));
  if (!operation_ids.insert(operation_id).second) {
    diagnostics.add(DiagCode::kOpenApiInvalid, op.key_location,
                    "operationId " + operation_id + " appears twice in the gateway");
    return false;
  }
  put(converted, "operationId", KValue::str(operation_id));
  put(converted, "x-google-backend", backend(key));
  if (!converted.find("responses")) {
    converted.set(
        "responses",
        KValue::map(
            {{"default", KValue::map({{"description", KValue::str("The service's response.")}})}}));
  }
  item.set(op.key, std::move(converted));
  return true;
}

// The paths of a service's own OpenAPI 2.0 document, which must lie under its public prefix.
void supplied_paths(const Public& p, const Node& doc, const std::string& shown, KValue& paths,
                    std::set<std::string>& operation_ids, Diagnostics& diagnostics) {
  std::string key = snake(p.run_name);
  const Node* version = doc.find("swagger");
  const Node* user_paths = doc.find("paths");
  if (!version || version->text != "2.0" || !user_paths || !user_paths->is_map() ||
      user_paths->entries.empty()) {
    diagnostics
        .add(DiagCode::kOpenApiInvalid, version ? version->location : doc.location,
             shown + " is not an OpenAPI 2.0 document with paths")
        .help = "API Gateway reads swagger: \"2.0\" documents";
    return;
  }
  for (const auto& path : user_paths->entries) {
    bool under =
        path.key == p.prefix || path.key.rfind(p.prefix == "/" ? "/" : p.prefix + "/", 0) == 0;
    if (!under) {
      diagnostics
          .add(DiagCode::kOpenApiInvalid, path.key_location,
               "path " + path.key + " is outside " + p.target->service + "'s public path " +
                   p.prefix)
          .help = "the gateway routes only " + p.prefix + " and below to this service";
      continue;
    }
    KValue item = KValue::map();
    for (const auto& op : path.value.entries) {
      if (std::find(kMethods.begin(), kMethods.end(), op.key) == kMethods.end()) {
        if (op.key == "parameters") item.set(op.key, to_kvalue(op.value));
        continue;
      }
      add_operation(op, key, item, operation_ids, diagnostics);
    }
    paths.set(template_safe(path.key), std::move(item));
  }
}

// Without a document of its own, the service gets its whole prefix, every method.
void catch_all_paths(const Public& p, KValue& paths) {
  std::string key = snake(p.run_name);
  std::string base = p.prefix == "/" ? "" : p.prefix;
  for (bool wildcard : {false, true}) {
    KValue item = KValue::map();
    for (const auto& m : kMethods) {
      item.set(m, operation(key + "_" + (wildcard ? "any_" : "") + m, key, wildcard));
    }
    paths.set(wildcard ? base + "/{path=**}" : (base.empty() ? "/" : base), std::move(item));
  }
}

KValue gateway_document(const std::vector<Public>& publics, const OpenApiDocuments& documents,
                        const std::string& title, const std::string& description,
                        Diagnostics& diagnostics) {
  KValue paths = KValue::map();
  std::set<std::string> operation_ids;
  for (const auto& p : publics) {
    if (p.target->openapi.empty()) {
      catch_all_paths(p, paths);
      continue;
    }
    std::string shown = "services/" + p.target->service + "/" + p.target->openapi;
    auto doc = documents.find(shown);
    // A document that did not load is reported by the loading pass; the service gets no routes.
    if (doc != documents.end())
      supplied_paths(p, doc->second, shown, paths, operation_ids, diagnostics);
  }
  return KValue::map({{"swagger", KValue::str("2.0")},
                      {"info", KValue::map({{"title", KValue::str(title)},
                                            {"description", KValue::str(description)},
                                            {"version", KValue::str("1.0.0")}})},
                      {"schemes", KValue::strings({"https"})},
                      {"produces", KValue::strings({"application/json"})},
                      {"paths", std::move(paths)}});
}

// The public URLs' hosts and path prefixes, served by a load balancer in front of the gateway:
// the URL in the spec is the URL users reach.
TfBlock load_balancer(const Environment& env, const std::vector<Public>& publics,
                      const std::string& name, const LowerOptions& options) {
  std::map<std::string, std::set<std::string>> routes;
  for (const auto& p : publics) routes[p.target->public_url->host].insert(p.prefix);
  TfExpr hosts = TfExpr::object();
  for (const auto& [host, prefixes] : routes) {
    hosts.set(host, TfExpr::strings(std::vector<std::string>(prefixes.begin(), prefixes.end())));
  }
  TfBlock call = module_call("load_balancer", "gcp/public-lb", options.module_source, env.location);
  call.set("name", TfExpr::str(name), true);
  call.set("project", TfExpr::str(env.gcp_project));
  call.set("region", TfExpr::str(env.region));
  call.set("gateway_id", TfExpr::ref("module.gateway.gateway_id"));
  call.set("routes", std::move(hosts));
  if (!env.security_policy.empty()) call.set("security_policy", TfExpr::str(env.security_policy));
  return call;
}

// main.tf: each backend's deterministic URL (it exists before the service does, so the gateway
// plans on an empty project too), the gateway module fed the template.
TfFile gateway_main(const Environment& env, const std::vector<Public>& publics,
                    const std::string& name, const LowerOptions& options, const CloudTable& table,
                    Diagnostics& diagnostics) {
  TfFile main{"main.tf",
              "The API gateway of " + env.name +
                  ": every public Cloud Run service.\nGenerated by infrac from the services' "
                  "specs. Do not edit: change the specs and run `infrac build`.",
              {}};
  TfExpr vars = TfExpr::object();
  TfExpr backends = TfExpr::list();
  std::set<std::string> seen;
  for (const auto& p : publics) {
    std::string key = snake(p.run_name);
    if (!seen.insert(key).second) continue;
    vars.set(key, cloud_run_url(p.run_name, env.region, p.component->location));
    backends.items.push_back(TfExpr::str(p.run_name));
  }
  main.blocks.push_back(project_data(env.gcp_project));
  TfBlock call = module_call("gateway", "gcp/api-gateway", options.module_source, env.location);
  call.set("name", TfExpr::str(name), true);
  call.set("project", TfExpr::str(env.gcp_project));
  call.set("region", TfExpr::str(env.region));
  call.set("service_account_id", TfExpr::str(checked_name(table, "service_account",
                                                          gcp_service_account_id(name + "-gateway"),
                                                          env.location, diagnostics)));
  call.set("backend_services", std::move(backends));
  call.set("openapi_document",
           TfExpr::ref("templatefile(\"${path.module}/openapi.yaml.tftpl\", local.backends)"));
  TfBlock locals;
  locals.type = "locals";
  locals.set("backends", std::move(vars));
  main.blocks.insert(main.blocks.begin(), std::move(locals));
  main.blocks.push_back(std::move(call));
  main.blocks.push_back(load_balancer(env, publics, name, options));
  return main;
}

// The other four files of the gateway's root module.
void gateway_frame(const Model& model, const Environment& env, const CloudTable& table,
                   TfModule& module, TfFile main) {
  TfFile outputs{"outputs.tf", "Values other tools read after apply.", {}};
  outputs.blocks.push_back(output_block(
      "public_ip_address", "module.load_balancer.ip_address",
      "Address of the public load balancer: point each public host's DNS A record at it."));
  outputs.blocks.push_back(output_block("gateway_hostname", "module.gateway.default_hostname",
                                        "Hostname of the API gateway behind the load balancer."));
  TfBlock provider;
  provider.type = "provider";
  provider.labels = {"google"};
  provider.set("project", TfExpr::str(env.gcp_project));
  provider.set("region", TfExpr::str(env.region));
  provider.set("default_labels",
               gcp_labels(model.project.name, env.name, "api-gateway", "platform"));
  TfBlock beta = provider;
  beta.labels = {"google-beta"};
  TfFile providers{"providers.tf",
                   "Provider configuration; every resource gets the standard labels.",
                   {std::move(provider), std::move(beta)}};
  std::vector<ProviderPin> pins;
  for (const auto& pin : table.providers) {
    if (pin.name != "random") pins.push_back(pin);
  }
  TfFile versions{"versions.tf",
                  "Terraform and provider versions.",
                  {versions_block(model.project.terraform.required_version, pins)}};
  TfBlock state;
  state.type = "terraform";
  state.blocks.push_back(backend_block(model.project, env.name + "/_gateway"));
  TfFile backend_file{"backend.tf", "State of the environment's API gateway.", {std::move(state)}};
  module.files.push_back(std::move(backend_file));
  module.files.push_back(std::move(main));
  module.files.push_back(std::move(outputs));
  module.files.push_back(std::move(providers));
  module.files.push_back(std::move(versions));
}

}  // namespace

std::vector<GatewayOutput> lower_gateways(const Model& model, const LowerOptions& options,
                                          const OpenApiDocuments& documents,
                                          Diagnostics& diagnostics) {
  std::vector<GatewayOutput> out;
  if (model.project.cloud != Cloud::Gcp) return out;
  const CloudTable& table = cloud_table(Cloud::Gcp);
  for (const auto& env : model.project.environments) {
    std::vector<Public> publics = public_components(model, env.name);
    if (publics.empty()) continue;
    GatewayOutput g;
    g.env = env.name;
    std::string name = checked_name(table, "api_gateway", model.project.name + "-" + env.name,
                                    env.location, diagnostics);
    g.openapi = gateway_document(
        publics, documents, name,
        "Public API of " + model.project.name + " in " + env.name + ", generated by infrac.",
        diagnostics);
    gateway_frame(model, env, table, g.terraform,
                  gateway_main(env, publics, name, options, table, diagnostics));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace infrac
