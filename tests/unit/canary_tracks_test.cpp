// Kubernetes canaries judged as a cluster would run them (lower/k8s_lower.cpp): the pods are
// what each Deployment's template makes, as many as its replicas (or its autoscaler's
// minimum and maximum); every Service, Deployment, PodDisruptionBudget, HPA target and
// topology spread constraint selects from them with Kubernetes' label-selector semantics
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors);
// and the HTTPRoute's weighted backendRefs spread public requests over each backend
// Service's endpoints. Which pods are the canary's is read from the Deployment that makes
// them (`<service>-<component>-canary`), never from their labels. The share of public requests
// that reach canary pods must equal rollout.percent, each track's selectors must select
// only that track's pods, and the service's own Service (in-cluster callers) only stable ones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "pipeline/compile.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

using Labels = std::map<std::string, std::string>;

Labels labels_of(const KValue* map) {
  Labels out;
  if (!map) return out;
  for (const auto& e : map->entries) out[e.key] = e.value.text;
  return out;
}

const KValue* at(const KValue& v, std::initializer_list<std::string_view> path) {
  const KValue* cur = &v;
  for (auto key : path) {
    cur = cur ? cur->find(key) : nullptr;
  }
  return cur;
}

// Service.spec.selector: every entry must equal the pod's label. A Service without a selector
// gets no endpoints from its pods (they are written by hand), so it selects none.
bool service_selects(const KValue* selector, const Labels& pod) {
  if (!selector || selector->entries.empty()) return false;
  for (const auto& e : selector->entries) {
    auto it = pod.find(e.key);
    if (it == pod.end() || it->second != e.value.text) return false;
  }
  return true;
}

// metav1.LabelSelector: matchLabels and matchExpressions, all of them ANDed. A null selector
// selects nothing, an empty one everything.
bool label_selector_selects(const KValue* selector, const Labels& pod) {
  if (!selector || selector->kind != KValue::Kind::Map) return false;
  if (const KValue* ml = selector->find("matchLabels")) {
    for (const auto& e : ml->entries) {
      auto it = pod.find(e.key);
      if (it == pod.end() || it->second != e.value.text) return false;
    }
  }
  if (const KValue* exprs = selector->find("matchExpressions")) {
    for (const auto& x : exprs->items) {
      std::string key = x.find("key")->text, op = x.find("operator")->text;
      std::vector<std::string> values;
      if (const KValue* vs = x.find("values"))
        for (const auto& v : vs->items) values.push_back(v.text);
      auto it = pod.find(key);
      bool present = it != pod.end();
      bool listed = present && std::count(values.begin(), values.end(), it->second) > 0;
      if (op == "In" && !listed) return false;
      if (op == "NotIn" && listed) return false;
      if (op == "Exists" && !present) return false;
      if (op == "DoesNotExist" && present) return false;
      if (op != "In" && op != "NotIn" && op != "Exists" && op != "DoesNotExist") {
        FAIL("unknown label selector operator " << op);
      }
    }
  }
  return true;
}

// The pods one Deployment makes.
struct PodSet {
  std::string deployment;
  bool canary = false;
  Labels labels;
  std::int64_t count = 0;
};

struct Selected {
  std::int64_t stable = 0, canary = 0;
  std::int64_t all() const { return stable + canary; }
};

template <typename Pred>
Selected count(const std::vector<PodSet>& pods, Pred selects) {
  Selected s;
  for (const auto& p : pods) {
    if (!selects(p.labels)) continue;
    (p.canary ? s.canary : s.stable) += p.count;
  }
  return s;
}

const KObject* find_object(const std::vector<KObject>& objects, const std::string& kind,
                           const std::string& name) {
  for (const auto& o : objects)
    if (o.kind == kind && o.name == name) return &o;
  return nullptr;
}

// The pods of every Deployment: fixed replicas, or its autoscaler's minimum (`at_max`: its
// maximum).
std::vector<PodSet> pods_of(const std::vector<KObject>& objects, bool at_max) {
  std::vector<PodSet> out;
  for (const auto& o : objects) {
    if (o.kind != "Deployment") continue;
    PodSet p;
    p.deployment = o.name;
    p.canary = o.name.ends_with("-canary");
    p.labels = labels_of(at(o.body, {"spec", "template", "metadata", "labels"}));
    if (const KValue* r = at(o.body, {"spec", "replicas"})) {
      p.count = r->integer;
    } else {
      for (const auto& h : objects) {
        if (h.kind != "HorizontalPodAutoscaler") continue;
        if (at(h.body, {"spec", "scaleTargetRef", "name"})->text != o.name) continue;
        p.count = at(h.body, {"spec", at_max ? "maxReplicas" : "minReplicas"})->integer;
      }
    }
    REQUIRE(p.count > 0);
    out.push_back(std::move(p));
  }
  return out;
}

// What one target's objects do with its canary of `percent`.
void check_tracks(const std::vector<KObject>& objects, const std::string& service,
                  std::int64_t percent) {
  for (bool at_max : {false, true}) {
    INFO("replicas at the autoscalers' " << (at_max ? "maximum" : "minimum"));
    std::vector<PodSet> pods = pods_of(objects, at_max);
    REQUIRE(std::count_if(pods.begin(), pods.end(), [](const PodSet& p) { return p.canary; }) == 1);

    // The public route: each backend's weight spread evenly over its Service's endpoints.
    const KObject* route = find_object(objects, "HTTPRoute", service);
    REQUIRE(route);
    double weights = 0, canary_share = 0;
    int canary_backends = 0;
    for (const auto& rule : at(route->body, {"spec", "rules"})->items) {
      for (const auto& ref : rule.find("backendRefs")->items) {
        std::string name = ref.find("name")->text;
        const KValue* w = ref.find("weight");
        double weight = w ? static_cast<double>(w->integer) : 1.0;
        const KObject* svc = find_object(objects, "Service", name);
        REQUIRE(svc);
        const KValue* selector = at(svc->body, {"spec", "selector"});
        Selected s = count(pods, [&](const Labels& l) { return service_selects(selector, l); });
        INFO("backend " << name << " selects " << s.stable << " stable and " << s.canary
                        << " canary pods");
        REQUIRE(s.all() > 0);  // a backend without endpoints fails its share of requests
        if (name.ends_with("-canary")) {
          ++canary_backends;
          CHECK(weight == static_cast<double>(percent));
          CHECK(s.stable == 0);
        } else {
          CHECK(s.canary == 0);
        }
        weights += weight;
        canary_share += weight * static_cast<double>(s.canary) / static_cast<double>(s.all());
      }
    }
    CHECK(canary_backends == 1);
    REQUIRE(weights > 0);
    CHECK(canary_share / weights * 100.0 == Approx(static_cast<double>(percent)).margin(1e-9));

    // In-cluster callers use the service's own Service: the stable track only.
    const KObject* own = find_object(objects, "Service", service);
    REQUIRE(own);
    Selected internal = count(pods, [&](const Labels& l) {
      return service_selects(at(own->body, {"spec", "selector"}), l);
    });
    CHECK(internal.canary == 0);
    CHECK(internal.stable > 0);

    for (const auto& o : objects) {
      INFO(o.kind << " " << o.name);
      if (o.kind == "Deployment") {
        // A Deployment's selector, which its HPA counts pods by, and its pods' spread
        // constraints select its own pods and no other Deployment's.
        const PodSet& own_pods = *std::find_if(
            pods.begin(), pods.end(), [&](const PodSet& p) { return p.deployment == o.name; });
        std::vector<const KValue*> selectors = {at(o.body, {"spec", "selector"})};
        if (const KValue* spread =
                at(o.body, {"spec", "template", "spec", "topologySpreadConstraints"}))
          for (const auto& c : spread->items) selectors.push_back(c.find("labelSelector"));
        for (const KValue* selector : selectors) {
          for (const auto& p : pods) {
            INFO("pods of " << p.deployment);
            CHECK(label_selector_selects(selector, p.labels) == (&p == &own_pods));
          }
        }
      } else if (o.kind == "PodDisruptionBudget") {
        const KValue* selector = at(o.body, {"spec", "selector"});
        Selected s =
            count(pods, [&](const Labels& l) { return label_selector_selects(selector, l); });
        CHECK(s.stable > 0);
        CHECK(s.canary == 0);
      } else if (o.kind == "HorizontalPodAutoscaler") {
        const KObject* target = find_object(objects, "Deployment",
                                            at(o.body, {"spec", "scaleTargetRef", "name"})->text);
        REQUIRE(target);
        CHECK(!target->name.ends_with("-canary"));
        const KValue* selector = at(target->body, {"spec", "selector"});
        Selected s =
            count(pods, [&](const Labels& l) { return label_selector_selects(selector, l); });
        CHECK(s.canary == 0);
      }
    }
  }
}

std::unique_ptr<Compilation> lower(const fs::path& root, const std::string& env,
                                   const std::string& service) {
  CompileOptions options;
  options.root = root;
  options.stop_after = Stage::Lower;
  options.envs = {env};
  options.services = {service};
  auto c = compile(options);
  for (const auto& d : c->diagnostics.sorted(c->files)) UNSCOPED_INFO(d.message);
  REQUIRE(!c->diagnostics.has_errors());
  return c;
}

const std::vector<KObject>& kubernetes_of(const Compilation& c, const std::string& target) {
  auto it = c.target_irs.find(target);
  REQUIRE(it != c.target_irs.end());
  return it->second.kubernetes;
}

}  // namespace

TEST_CASE("canary tracks: acme's admin canary takes exactly its 10% in dev") {
  auto c = lower(source_dir() / "examples/acme", "dev", "admin");
  check_tracks(kubernetes_of(*c, "dev/admin"), "admin", 10);
}

TEST_CASE("canary tracks: the share equals the percent for any replicas, autoscaled or not") {
  struct Case {
    std::string replicas;  // the site component's, in prod
    int percent;
    bool internal_api;  // a second http component that owns the service's own Service
    bool pdb, hpa;      // what the stable track gets, so its selectors are checked
  };
  for (const Case& k :
       {Case{"1", 10, false, false, false}, Case{"4", 25, false, true, false},
        Case{"{min: 3, max: 9}", 10, false, true, true},
        Case{"{min: 2, max: 6}", 50, true, true, true},
        Case{"{min: 5, max: 20}", 1, true, true, true}, Case{"3", 90, false, true, false}}) {
    DYNAMIC_SECTION("replicas " << k.replicas << ", percent " << k.percent
                                << (k.internal_api ? ", with an internal api" : "")) {
      TempDir dir;
      fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
      std::string api =
          k.internal_api ? "    api:\n      type: http\n      health: {path: /healthz}\n" : "";
      write_file(dir.path / "services/web/service.yaml",
                 "apiVersion: infrac/v1\n"
                 "kind: Service\n"
                 "metadata:\n"
                 "  name: web\n"
                 "  team: web\n"
                 "  description: The public web site.\n"
                 "spec:\n"
                 "  image: \"web:2.1.0\"\n"
                 "  components:\n" +
                     api +
                     "    site:\n"
                     "      type: http\n"
                     "      expose: public\n"
                     "      health: {path: /healthz}\n"
                     "  urls:\n"
                     "    public: https://www.corp.example/\n"
                     "  dependencies: [users]\n"
                     "environments:\n"
                     "  prod:\n"
                     "    components:\n"
                     "      site:\n"
                     "        replicas: " +
                     k.replicas +
                     "\n"
                     "        rollout: {percent: " +
                     std::to_string(k.percent) + ", stable: \"web:2.0.0\"}\n");
      auto c = lower(dir.path, "prod", "web");
      const auto& objects = kubernetes_of(*c, "prod/web");
      check_tracks(objects, "web", k.percent);
      CHECK(!!find_object(objects, "PodDisruptionBudget", "web-site") == k.pdb);
      CHECK(!!find_object(objects, "HorizontalPodAutoscaler", "web-site") == k.hpa);
      for (const char* name : {"web-site", "web-site-canary"}) {
        const KObject* d = find_object(objects, "Deployment", name);
        REQUIRE(d);
        CHECK(!!at(d->body, {"spec", "template", "spec", "topologySpreadConstraints"}) ==
              (k.replicas != "1"));
      }
      // The stable track keeps the selector of a service without a canary: a Deployment's
      // selector is immutable, so starting or ending a canary must not change it.
      const KObject* stable = find_object(objects, "Deployment", "web-site");
      REQUIRE(stable);
      CHECK(labels_of(at(stable->body, {"spec", "selector", "matchLabels"})) ==
            Labels{{"app.kubernetes.io/component", "site"}, {"app.kubernetes.io/name", "web"}});
    }
  }
}

TEST_CASE("canary tracks: label selectors follow Kubernetes' semantics") {
  Labels pod{{"app", "web"}, {"track", "canary"}};
  auto expr = [](const char* key, const char* op, std::vector<std::string> values) {
    KValue x = KValue::map({{"key", KValue::str(key)}, {"operator", KValue::str(op)}});
    if (!values.empty()) x.set("values", KValue::strings(values));
    return KValue::map({{"matchExpressions", KValue::list({std::move(x)})}});
  };
  CHECK(!label_selector_selects(nullptr, pod));
  KValue everything = KValue::map();
  CHECK(label_selector_selects(&everything, pod));
  KValue in = expr("track", "In", {"canary", "stable"}),
         not_in = expr("track", "NotIn", {"canary"}), not_in_absent = expr("tier", "NotIn", {"x"}),
         exists = expr("track", "Exists", {}), absent = expr("track", "DoesNotExist", {});
  CHECK(label_selector_selects(&in, pod));
  CHECK(!label_selector_selects(&not_in, pod));
  CHECK(label_selector_selects(&not_in_absent, pod));
  CHECK(label_selector_selects(&exists, pod));
  CHECK(!label_selector_selects(&absent, pod));
  KValue ml =
      KValue::map({{"matchLabels",
                    KValue::map({{"app", KValue::str("web")}, {"track", KValue::str("stable")}})}});
  CHECK(!label_selector_selects(&ml, pod));
  KValue service = KValue::map({{"app", KValue::str("web")}});
  CHECK(service_selects(&service, pod));
  KValue none = KValue::map();
  CHECK(!service_selects(&none, pod));
  CHECK(!service_selects(nullptr, pod));
}
