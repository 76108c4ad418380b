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
