// Kubernetes patches on generated objects: strategic merge by the list merge keys Kubernetes
// uses, null removing a key, $patch: delete, JSON patch (RFC 6902) operations, and refusals
// (no such object, a failing operation, a change of name or selector labels).
#include <catch2/catch.hpp>

#include "base/source_files.h"
#include "emit/yaml_printer.h"
#include "lower/patches.h"
#include "spec/yaml_loader.h"

using namespace infrac;

namespace {

KObject deployment() {
  SourceFiles files;
  Diagnostics d;
  FileId id = files.add("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: users-api
  namespace: users
  labels: {app.kubernetes.io/name: users}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: users:1
          env: [{name: A, value: "1"}, {name: B, value: "2"}]
          ports: [{containerPort: 8080, name: http}]
)");
  KObject o;
  o.api_version = "apps/v1";
  o.kind = "Deployment";
  o.name = "users-api";
  o.ns = "users";
  o.body = kvalue_of(*load_yaml(id, *files.get(id), d));
  return o;
}

struct Run {
  std::vector<KObject> objects{deployment()};
  Diagnostics diagnostics;
  SourceFiles files;
  std::string apply(const std::string& patch) {
    FileId id = files.add("services/users/patches/p.yaml", patch);
    ExtraFile f;
    f.name = "p.yaml";
    f.path = "services/users/patches/p.yaml";
    f.file = id;
    f.root = load_yaml(id, *files.get(id), diagnostics);
    apply_patches(objects, {f}, "prod/users", diagnostics);
    return print_yaml(objects[0].body);
  }
  std::string error() {
    auto all = diagnostics.sorted(files);
    return all.empty() ? "" : all[0].message;
  }
};

}  // namespace

TEST_CASE("a strategic merge patch merges containers by name and env by name") {
  Run r;
  std::string out = r.apply(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: users-api}
spec:
  replicas: null
  template:
    spec:
      priorityClassName: high
      containers:
        - name: api
          env: [{name: B, value: "3"}, {name: C, value: "4"}, {name: A, $patch: delete}]
          ports: [{containerPort: 8080, name: web}]
)");
  INFO(out);
  CHECK(r.error().empty());
  CHECK(out.find("replicas") == std::string::npos);
  CHECK(out.find("priorityClassName: high") != std::string::npos);
  CHECK(out.find("image: users:1") != std::string::npos);  // untouched fields stay
  CHECK(out.find("name: A") == std::string::npos);
  CHECK(out.find("- name: B\n              value: \"3\"") != std::string::npos);
  CHECK(out.find("- name: C") != std::string::npos);
  CHECK(out.find("containerPort: 8080\n              name: web") != std::string::npos);
}

TEST_CASE("a JSON patch applies RFC 6902 operations in order") {
  Run r;
  std::string out = r.apply(R"(target: {kind: Deployment, name: users-api}
patch:
  - {op: test, path: /spec/replicas, value: 2}
  - {op: replace, path: /spec/replicas, value: 4}
  - {op: add, path: /spec/template/spec/hostNetwork, value: false}
)");
  CHECK(r.error().empty());
  CHECK(out.find("replicas: 4") != std::string::npos);
  CHECK(out.find("hostNetwork: false") != std::string::npos);
}

TEST_CASE("patches that match nothing, fail, or change identity are refused") {
  Run none;
  none.apply("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: users-web}\n");
  CHECK(none.error().find("matches no object of prod/users: there is no Deployment users-web") !=
        std::string::npos);

  Run failing;
  failing.apply(
      "target: {kind: Deployment, name: users-api}\npatch:\n  - {op: test, path: /spec/replicas, "
      "value: 3}\n");
  CHECK(failing.error().find("cannot be applied to Deployment users-api") != std::string::npos);

  Run relabel;
  relabel.apply(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: users-api\n  labels: "
      "{app.kubernetes.io/name: other}\n");
  CHECK(relabel.error().find("labels infrac selects by") != std::string::npos);

  Run neither;
  neither.apply("spec: {replicas: 1}\n");
  CHECK(neither.error().find("is neither a strategic merge patch") != std::string::npos);
}

namespace {

// A Deployment with the guarantees infrac gives its pods.
KObject restricted_deployment() {
  KObject o = deployment();
  KValue* container =
      &o.body.find("spec")->find("template")->find("spec")->find("containers")->items[0];
  container->set(
      "securityContext",
      KValue::map({{"allowPrivilegeEscalation", KValue::flag(false)},
                   {"capabilities", KValue::map({{"drop", KValue::strings({"ALL"})}})},
                   {"readOnlyRootFilesystem", KValue::flag(true)},
                   {"runAsNonRoot", KValue::flag(true)},
                   {"seccompProfile", KValue::map({{"type", KValue::str("RuntimeDefault")}})}}));
  o.body.find("spec")->set(
      "selector", KValue::map({{"matchLabels", KValue::map({{"app", KValue::str("users")}})}}));
  o.body.find("spec")
      ->find("template")
      ->set("metadata", KValue::map({{"labels", KValue::map({{"app", KValue::str("users")}})}}));
  return o;
}

}  // namespace

TEST_CASE("a patch may change and tighten, never weaken, the pods' guarantees") {
  Run allowed;
  allowed.objects = {restricted_deployment()};
  allowed.apply(R"(target: {kind: Deployment, name: users-api, namespace: users, group: apps}
patch:
  - {op: add, path: /spec/template/spec/priorityClassName, value: high}
  - {op: add, path: /spec/template/spec/containers/0/securityContext/capabilities/add, value: [NET_BIND_SERVICE]}
  - {op: add, path: /spec/template/metadata/labels/tier, value: backend}
)");
  CHECK(allowed.error().empty());

  // A container the patch adds is held to the main container's guarantees.
  Run added;
  added.objects = {restricted_deployment()};
  added.apply(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: users-api}
spec:
  template:
    spec:
      containers:
        - name: debug
          image: busybox:1
)");
  CHECK(added.error().find("weakens Deployment users-api of prod/users: container debug allows "
                           "privilege escalation") != std::string::npos);
  CHECK(added.diagnostics.sorted(added.files)[0].location.line == 8);

  // The operation that weakens is the one reported, even when a later one does the damage
  // to another field.
  Run escalation;
  escalation.objects = {restricted_deployment()};
  escalation.apply(R"(target: {kind: Deployment, name: users-api}
patch:
  - {op: add, path: /spec/template/spec/priorityClassName, value: high}
  - {op: remove, path: /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation}
)");
  auto all = escalation.diagnostics.sorted(escalation.files);
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == DiagCode::kPatchWeakens);
  CHECK(all[0].location.line == 4);

  // A selector that still matches the template is allowed; one that does not is refused.
  Run selector;
  selector.objects = {restricted_deployment()};
  selector.apply(R"(target: {kind: Deployment, name: users-api}
patch:
  - {op: replace, path: /spec/selector/matchLabels/app, value: other}
)");
  CHECK(selector.error().find("no longer matches its pod template") != std::string::npos);
}

TEST_CASE("a patch target matches on every field it names") {
  Run version;
  version.apply("target: {kind: Deployment, name: users-api, version: v2}\npatch: []\n");
  CHECK(version.error().find("does not match version 'v2'") != std::string::npos);

  Run label;
  label.apply(
      "target: {kind: Deployment, name: users-api, labelSelector: \"app.kubernetes.io/name=web\"}"
      "\npatch: []\n");
  CHECK(label.error().find("does not match labelSelector") != std::string::npos);

  Run matching;
  matching.apply(
      "target: {kind: Deployment, name: users-api, labelSelector: "
      "\"app.kubernetes.io/name=users,!tier\"}\npatch:\n"
      "  - {op: add, path: /spec/template/spec/priorityClassName, value: high}\n");
  CHECK(matching.error().empty());

  Run set_based;
  set_based.apply(
      "target: {kind: Deployment, name: users-api, labelSelector: \"app in (a,b)\"}\npatch: []\n");
  CHECK(set_based.error().find("set-based") != std::string::npos);

  Run unknown;
  unknown.apply("target: {kind: Deployment, name: users-api, names: x}\npatch: []\n");
  CHECK(unknown.error().find("target.names is not a field") != std::string::npos);

  Run strategic;
  strategic.apply("apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: users-api}\n");
  CHECK(strategic.error().find("does not match apiVersion 'apps/v2'") != std::string::npos);
}

TEST_CASE("a patch may not change the public route or what infrac writes for the platform") {
  auto object = [](const char* api, const char* kind, const char* name, const char* ns) {
    KObject o;
    o.api_version = api;
    o.kind = kind;
    o.name = name;
    o.ns = ns;
    o.body = KValue::map(
        {{"apiVersion", KValue::str(api)},
         {"kind", KValue::str(kind)},
         {"metadata", KValue::map({{"name", KValue::str(name)}, {"namespace", KValue::str(ns)}})},
         {"data", KValue::map({{"bootstrap.sql", KValue::str("SELECT 1;")}})}});
    return o;
  };
  Run route;
  route.objects = {object("gateway.networking.k8s.io/v1", "HTTPRoute", "users", "users")};
  route.apply(R"(target: {kind: HTTPRoute, name: users}
patch:
  - {op: add, path: /spec, value: {hostnames: ["*.corp.example"]}}
)");
  CHECK(route.error().find("the public route is derived from urls.public") != std::string::npos);
  Run sql;
  sql.objects = {object("v1", "ConfigMap", "users-db-roles", "infrac-system")};
  sql.apply(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: users-db-roles, namespace: infrac-system}
data: {bootstrap.sql: "ALTER ROLE app SUPERUSER;"}
)");
  CHECK(sql.error().find("the platform namespace is infrac's") != std::string::npos);
}
