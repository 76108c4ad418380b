// Pod defaults as lowering writes them: the pods' numeric user and group, memory limits that
// may exceed the request, and per-rollout spread; burn-rate alerts that page in production
// only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/compile.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

const KValue* at(const KValue& v, std::initializer_list<std::string_view> path) {
  const KValue* cur = &v;
  for (auto key : path) cur = cur ? cur->find(key) : nullptr;
  return cur;
}

std::unique_ptr<Compilation> lower(const fs::path& root, bool expect_errors = false) {
  CompileOptions options;
  options.root = root;
  options.stop_after = Stage::Lower;
  auto c = compile(options);
  if (!expect_errors) {
    for (const auto& d : c->diagnostics.sorted(c->files)) UNSCOPED_INFO(d.message);
    REQUIRE(!c->diagnostics.has_errors());
  }
  return c;
}

const KObject* object(const Compilation& c, const std::string& target, const std::string& kind,
                      const std::string& name) {
  auto it = c.target_irs.find(target);
  REQUIRE(it != c.target_irs.end());
  // Jobs carry a hash of their definition after the name.
  for (const auto& o : it->second.kubernetes)
    if (o.kind == kind && (o.name == name || (kind == "Job" && o.name.starts_with(name + "-"))))
      return &o;
  return nullptr;
}

void corpus_with(TempDir& dir, const std::string& users_spec) {
  fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
  write_file(dir.path / "services/users/service.yaml",
             "apiVersion: infrac/v1\n"
             "kind: Service\n"
             "metadata:\n"
             "  name: users\n"
             "  team: core\n"
             "  description: Accounts and profiles.\n"
             "spec:\n"
             "  image: \"users:1.0.0\"\n" +
                 users_spec);
}

}  // namespace

TEST_CASE(
    "pods: a numeric user and group from stdlib, the service's security, or the component's") {
  TempDir dir;
  corpus_with(dir,
              "  security: {run_as_user: 1000, run_as_group: 1000}\n"
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "    sync:\n"
              "      type: worker\n"
              "      security: {run_as_user: 2000}\n");
  auto c = lower(dir.path);
  auto context = [&](const std::string& target, const std::string& deployment) {
    const KObject* d = object(*c, target, "Deployment", deployment);
    REQUIRE(d);
    const KValue* sc = at(d->body, {"spec", "template", "spec", "securityContext"});
    REQUIRE(sc);
    CHECK(sc->find("runAsNonRoot")->boolean);
    return std::make_pair(sc->find("runAsUser")->integer, sc->find("runAsGroup")->integer);
  };
  CHECK(context("dev/users", "users-api") ==
        std::make_pair<std::int64_t, std::int64_t>(1000, 1000));
  CHECK(context("dev/users", "users-sync") ==
        std::make_pair<std::int64_t, std::int64_t>(2000, 1000));
  CHECK(context("dev/web", "web-site") == std::make_pair<std::int64_t, std::int64_t>(65532, 65532));
}

TEST_CASE("pods: the memory limit is the request unless memory_limit raises it") {
  TempDir dir;
  corpus_with(dir,
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "      resources: {memory: 256Mi}\n"
              "    backfill:\n"
              "      type: job\n"
              "      resources: {memory: 128Mi, memory_limit: 1Gi}\n");
  auto c = lower(dir.path);
  auto limit = [&](const std::string& kind, const std::string& name) {
    const KObject* o = object(*c, "dev/users", kind, name);
    REQUIRE(o);
    const KValue* containers = at(o->body, {"spec", "template", "spec", "containers"});
    REQUIRE(containers);
    return at(containers->items[0], {"resources", "limits", "memory"})->text;
  };
  CHECK(limit("Deployment", "users-api") == "256Mi");
  CHECK(limit("Job", "users-backfill") == "1Gi");

  TempDir below;
  corpus_with(below,
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "      resources: {memory: 1Gi, memory_limit: 1000Mi}\n");
  auto refused = lower(below.path, true);
  bool reported = false;
  for (const auto& d : refused->diagnostics.sorted(refused->files))
    reported |=
        d.code == DiagCode::kOutOfRange && d.message.find("memory_limit") != std::string::npos;
  CHECK(reported);
}

TEST_CASE("pods: zone and node spread count each rollout's own pods") {
  auto c = lower(source_dir() / "tests/corpus/base");
  const KObject* d = object(*c, "prod/users", "Deployment", "users-api");
  REQUIRE(d);
  const KValue* spread = at(d->body, {"spec", "template", "spec", "topologySpreadConstraints"});
  REQUIRE(spread);
  REQUIRE(spread->items.size() == 2);
  for (const auto& constraint : spread->items) {
    const KValue* keys = constraint.find("matchLabelKeys");
    REQUIRE(keys);
    REQUIRE(keys->items.size() == 1);
    CHECK(keys->items[0].text == "pod-template-hash");
  }
}

TEST_CASE("alerts: only production environments page") {
  auto c = lower(source_dir() / "tests/corpus/base");
  auto severities = [&](const std::string& target) {
    std::vector<std::string> out;
    const KObject* rule = object(*c, target, "PrometheusRule", "web");
    REQUIRE(rule);
    for (const auto& group : at(rule->body, {"spec", "groups"})->items)
      for (const auto& r : group.find("rules")->items)
        if (const KValue* s = at(r, {"labels", "severity"})) out.push_back(s->text);
    return out;
  };
  std::vector<std::string> dev = severities("dev/web"), prod = severities("prod/web");
  CHECK(std::count(dev.begin(), dev.end(), "page") == 0);
  CHECK(std::count(prod.begin(), prod.end(), "page") == 1);
  CHECK(dev.size() == prod.size());
}
