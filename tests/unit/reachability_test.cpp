// policy/reachability.h: Kubernetes' NetworkPolicy semantics, and needs against the graph.
#include <catch2/catch.hpp>

#include "pipeline/compile.h"
#include "policy/reachability.h"
#include "support.h"

using namespace infrac;

namespace {

KValue selector(std::initializer_list<std::pair<const char*, const char*>> labels) {
  KValue match = KValue::map();
  for (const auto& [k, v] : labels) match.set(k, KValue::str(v));
  return KValue::map({{"matchLabels", std::move(match)}});
}

KValue expression(const char* key, const char* op, std::vector<std::string> values) {
  KValue x = KValue::map({{"key", KValue::str(key)}, {"operator", KValue::str(op)}});
  if (!values.empty()) x.set("values", KValue::strings(values));
  return KValue::map({{"matchExpressions", KValue::list({std::move(x)})}});
}

bool has(const std::vector<Path>& paths, const std::string& from, const std::string& to, int port) {
  for (const auto& p : paths) {
    if (p.from.rfind(from, 0) == 0 && p.to.rfind(to, 0) == 0 && p.port == port) return true;
  }
  return false;
}

// tests/corpus/base compiled in process, its dev targets' objects kept.
std::unique_ptr<Compilation> compiled_base() {
  CompileOptions options;
  options.root = test::source_dir() / "tests/corpus/base";
  options.stop_after = Stage::Lower;
  options.envs = {"dev"};
  auto c = compile(options);
  REQUIRE(c->model);
  return c;
}

KValue& policy_spec(std::map<std::string, TargetOutput>& irs, const std::string& id,
                    const std::string& type) {
  for (auto& o : irs[id].kubernetes) {
    if (o.kind != "NetworkPolicy") continue;
    KValue* spec = o.body.find("spec");
    const KValue* types = spec->find("policyTypes");
    if (types && types->items.front().text == type) return *spec;
  }
  FAIL("no " << type << " policy in " << id);
  throw;
}

}  // namespace

TEST_CASE("reachability: label selectors as Kubernetes reads them", "[reachability]") {
  std::map<std::string, std::string> labels = {{"app", "web"}, {"tier", "front"}};
  CHECK(selector_matches(&*std::make_unique<KValue>(KValue::map()), labels));  // {}: all
  CHECK_FALSE(selector_matches(nullptr, labels));                              // none
  KValue web = selector({{"app", "web"}});
  CHECK(selector_matches(&web, labels));
  KValue both = selector({{"app", "web"}, {"tier", "back"}});
  CHECK_FALSE(selector_matches(&both, labels));
  KValue in = expression("tier", "In", {"front", "edge"});
  CHECK(selector_matches(&in, labels));
  KValue not_in = expression("tier", "NotIn", {"front"});
  CHECK_FALSE(selector_matches(&not_in, labels));
  KValue exists = expression("zone", "Exists", {});
  CHECK_FALSE(selector_matches(&exists, labels));
  KValue absent = expression("zone", "DoesNotExist", {});
  CHECK(selector_matches(&absent, labels));
}

TEST_CASE("reachability: the base corpus's calls are open, and nothing else", "[reachability]") {
  auto c = compiled_base();
  AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
  CHECK(r.blocked_needs.empty());
  CHECK(r.to_non_dependencies.empty());
  CHECK(has(r.open, "web/", "users/", 8080));        // web calls users
  CHECK_FALSE(has(r.open, "users/", "web/", 8080));  // users does not call web
  CHECK(has(r.open, "gateway/", "web/", 8080));      // web is public
  CHECK_FALSE(has(r.open, "gateway/", "users/", 8080));
}

TEST_CASE("reachability: a policy that drops a caller blocks a need; one too wide opens a path",
          "[reachability]") {
  auto c = compiled_base();
  SECTION("users' ingress without its callers' rule") {
    KValue& spec = policy_spec(c->target_irs, "dev/users", "Ingress");
    auto& rules = spec.find("ingress")->items;
    std::erase_if(rules, [](const KValue& rule) {
      const KValue* from = rule.find("from");
      return from && from->items.size() == 1 && from->items[0].find("namespaceSelector") &&
             from->items[0]
                     .find("namespaceSelector")
                     ->find("matchLabels")
                     ->find("kubernetes.io/metadata.name")
                     ->text == "web";
    });
    AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
    CHECK(has(r.blocked_needs, "web/", "users/", 8080));
  }
  SECTION("users' ingress open to every address") {
    KValue& spec = policy_spec(c->target_irs, "dev/users", "Ingress");
    spec.find("ingress")->items.push_back(KValue::map(
        {{"from", KValue::list({KValue::map(
                      {{"ipBlock", KValue::map({{"cidr", KValue::str("0.0.0.0/0")}})}})})}}));
    AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
    CHECK(has(r.to_non_dependencies, "gateway/", "users/", 8080));
    // An except that covers the pods' range closes it again.
    spec.find("ingress")->items.back().find("from")->items[0].find("ipBlock")->set(
        "except", KValue::strings({"10.0.0.0/8"}));
    CHECK(evaluate_access(*c->model, "dev", c->target_irs).to_non_dependencies.empty());
  }
  SECTION("users' egress without its cloud API rule") {
    // users signs in to PostgreSQL with IAM authentication: its token needs STS on 443.
    KValue& spec = policy_spec(c->target_irs, "dev/users", "Egress");
    auto& rules = spec.find("egress")->items;
    std::erase_if(rules, [](const KValue& rule) {
      const KValue* ports = rule.find("ports");
      return ports && ports->items.size() == 1 && ports->items[0].find("port")->integer == 443;
    });
    AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
    CHECK(has(r.blocked_needs, "users/", "0.0.0.0/0", 443));
  }
  SECTION("users' datastore rule narrowed to a range its database is not in") {
    KValue& spec = policy_spec(c->target_irs, "dev/users", "Egress");
    for (auto& rule : spec.find("egress")->items) {
      const KValue* ports = rule.find("ports");
      if (!ports || ports->items[0].find("port")->integer != 5432) continue;
      for (auto& peer : rule.find("to")->items)
        peer.find("ipBlock")->find("cidr")->text = "192.0.2.0/24";
    }
    AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
    CHECK(has(r.blocked_needs, "users/", "10.0.0.0/8", 5432));
  }
  SECTION("web's egress without DNS") {
    KValue& spec = policy_spec(c->target_irs, "dev/web", "Egress");
    auto& rules = spec.find("egress")->items;
    rules.erase(rules.begin());  // the DNS rule comes first
    AccessReport r = evaluate_access(*c->model, "dev", c->target_irs);
    CHECK(has(r.blocked_needs, "web/", "kube-system/dns", 53));
  }
}
