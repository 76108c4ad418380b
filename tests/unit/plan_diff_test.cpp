// The plan's diff in process: targets paired by id (a target compiled on one side only is
// added or removed), keyed lists compared by name, settings folded into the header, each
// location cited from its own side's files, and the reach of a change taken over both graphs.
#include <catch2/catch.hpp>

#include "plan/diff.h"
#include "plan/reach.h"
#include "plan/render.h"

using namespace infrac;

namespace {

Model model_of(std::vector<Target> targets) {
  Model m;
  m.project.environments.push_back(Environment{});
  m.project.environments.back().name = "prod";
  m.targets = std::move(targets);
  m.graph = build_target_graph(m);
  return m;
}

Target target(const std::string& service, std::vector<std::string> deps = {},
              std::vector<std::string> callers = {}) {
  Target t;
  t.env = "prod";
  t.service = service;
  for (auto& d : deps) t.dependencies.push_back({d, "", {}, {}});
  t.callers = std::move(callers);
  return t;
}

KObject config_map(const std::string& name, int variables, Location origin = {}) {
  KObject o;
  o.api_version = "v1";
  o.kind = "Deployment";
  o.name = o.ns = name;
  KValue env = KValue::list();
  for (int i = 0; i < variables; ++i) {
    env.items.push_back(KValue::map({{"name", KValue::str("VAR_" + std::to_string(i))},
                                     {"value", KValue::str("v" + std::to_string(i))}}));
  }
  o.body = KValue::map({{"env", std::move(env)}});
  o.origin = origin;
  return o;
}

struct Side {
  Model model;
  std::map<std::string, TargetOutput> irs;
  SourceFiles files;
  PlanSide view() const {
    PlanSide s;
    s.model = &model;
    s.targets = &irs;
    s.files = &files;
    return s;
  }
};

const TargetPlan* find(const Plan& plan, const std::string& id) {
  for (const auto& t : plan.targets) {
    if (t.target == id) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("plan diff: removing 3 of 20 keyed list elements is 3 removals", "[plan]") {
  Side base, head;
  base.model = model_of({target("a")});
  head.model = model_of({target("a")});
  base.irs["prod/a"].kubernetes.push_back(config_map("a", 20));
  head.irs["prod/a"].kubernetes.push_back(config_map("a", 17));
  Plan plan = diff_sides({base.view(), head.view(), {"services/a/service.yaml"}});
  const TargetPlan* t = find(plan, "prod/a");
  REQUIRE(t);
  CHECK(t->status == TargetStatus::Changed);
  REQUIRE(t->kubernetes.size() == 1);
  const auto& attrs = t->kubernetes[0].attributes;
  REQUIRE(attrs.size() == 3);
  CHECK(attrs[0].path == "env[VAR_17]");
  CHECK(attrs[0].before == "{name: VAR_17, value: v17}");
  CHECK_FALSE(attrs[0].has_after);
  CHECK(t->kubernetes[0].reason == "3 attributes change");
}

TEST_CASE("plan diff: targets pair by id; one side only is added or removed", "[plan]") {
  Side base, head;
  // The head compiled its targets in another order and without `b`.
  base.model = model_of({target("a"), target("b"), target("c")});
  head.model = model_of({target("c"), target("a")});
  for (const char* s : {"a", "b", "c"})
    base.irs[std::string("prod/") + s].kubernetes.push_back(config_map(s, 2));
  for (const char* s : {"c", "a"})
    head.irs[std::string("prod/") + s].kubernetes.push_back(config_map(s, 2));
  Plan plan = diff_sides({base.view(), head.view(), {"services/b/service.yaml"}});
  REQUIRE(plan.targets.size() == 3);
  CHECK(find(plan, "prod/a")->status == TargetStatus::Unchanged);
  CHECK(find(plan, "prod/b")->status == TargetStatus::Removed);
  CHECK(find(plan, "prod/c")->status == TargetStatus::Unchanged);
}

TEST_CASE("plan diff: a removed item cites the base's file, not the head's file of that id",
          "[plan]") {
  Side base, head;
  base.files.add("services/orders/service.yaml", "a\nb\nc\n");
  head.files.add("services/notifications/service.yaml", "x\n");
  base.model = model_of({target("orders")});
  head.model = model_of({target("orders")});
  base.irs["prod/orders"].kubernetes.push_back(config_map("orders", 1, Location{0, 3, 5, 1}));
  head.irs["prod/orders"];  // the object is gone
  Plan plan = diff_sides({base.view(), head.view(), {"services/orders/service.yaml"}});
  const TargetPlan* t = find(plan, "prod/orders");
  REQUIRE(t);
  REQUIRE(t->kubernetes.size() == 1);
  CHECK(t->kubernetes[0].action == ChangeAction::Delete);
  CHECK(t->kubernetes[0].origin.text() == "services/orders/service.yaml:3:5");
}

TEST_CASE("plan diff: provider and terraform blocks are settings of the target", "[plan]") {
  Side base, head;
  base.model = model_of({target("a")});
  head.model = model_of({target("a")});
  for (auto* side : {&base, &head}) {
    TfBlock provider;
    provider.type = "provider";
    provider.labels = {"aws"};
    provider.set("region", TfExpr::str(side == &base ? "eu-west-1" : "eu-central-1"));
    side->irs["prod/a"].terraform.files.push_back({"providers.tf", "", {provider}});
  }
  Plan plan = diff_sides({base.view(), head.view(), {"infrac.yaml"}});
  const TargetPlan* t = find(plan, "prod/a");
  REQUIRE(t);
  CHECK(t->status == TargetStatus::Changed);
  CHECK(t->terraform.empty());
  REQUIRE(t->settings.size() == 1);
  CHECK(t->settings[0].address == "provider.aws");
}

TEST_CASE("reach: a change reaches callers and callees in the base graph or the head graph",
          "[plan]") {
  // base: a -> b, a -> c; head: a -> c (the edge to b dropped). d calls a on both sides.
  Model base = model_of({target("a", {"b", "c"}, {"d"}), target("b", {}, {"a"}),
                         target("c", {}, {"a"}), target("d", {"a"}), target("e")});
  Model head = model_of({target("a", {"c"}, {"d"}), target("b"), target("c", {}, {"a"}),
                         target("d", {"a"}), target("e")});
  auto changed = changed_services({"services/a/service.yaml"});
  REQUIRE(changed);
  auto reached = reached_targets(*changed, &base.graph, &head.graph);
  CHECK(reached == std::set<std::string>{"prod/a", "prod/b", "prod/c", "prod/d"});
  CHECK_FALSE(changed_services({"services/a/service.yaml", "infrac.yaml"}));
  // A folder that came or went under services/ (the listing changed) is that service: a new
  // service reaches what it calls; a file there that is no service reaches no target.
  CHECK(changed_services({"services/new"}) == std::set<std::string>{"new"});
  CHECK(
      reached_targets(*changed_services({"services/README.md"}), &base.graph, &head.graph).empty());
  CHECK_FALSE(changed_services({"services/"}));
}

TEST_CASE("plan diff: an element that goes with nested lists inside is one change", "[plan]") {
  auto policy = [](bool with_web) {
    KObject o;
    o.api_version = "networking.k8s.io/v1";
    o.kind = "NetworkPolicy";
    o.name = o.ns = "users";
    KValue ingress = KValue::list({KValue::map({{"from", KValue::list({KValue::map()})}})});
    if (with_web) {
      ingress.items.push_back(KValue::map(
          {{"from", KValue::list({KValue::map({{"namespaceSelector", KValue::str("web")}})})},
           {"ports", KValue::list({KValue::map({{"port", KValue::num(8080)}})})}}));
    }
    o.body = KValue::map({{"ingress", std::move(ingress)}});
    return o;
  };
  Side base, head;
  base.model = model_of({target("users")});
  head.model = model_of({target("users")});
  base.irs["prod/users"].kubernetes.push_back(policy(true));
  head.irs["prod/users"].kubernetes.push_back(policy(false));
  Plan plan = diff_sides({base.view(), head.view(), {"services/web/service.yaml"}});
  const TargetPlan* t = find(plan, "prod/users");
  REQUIRE(t);
  REQUIRE(t->kubernetes.size() == 1);
  REQUIRE(t->kubernetes[0].attributes.size() == 1);
  CHECK(t->kubernetes[0].attributes[0].path == "ingress[1]");
  CHECK(t->kubernetes[0].attributes[0].before ==
        "{from: [{namespaceSelector: web}], ports: [{port: 8080}]}");
}

TEST_CASE("masks: the plan is masked before rendering, so digests never hash a secret", "[plan]") {
  auto plan_with = [](const std::string& secret) {
    Plan plan;
    TargetPlan t;
    t.target = "prod/users";
    t.env = "prod";
    t.service = "users";
    t.status = TargetStatus::Changed;
    Change c;
    c.address = "module.db";
    c.kind = "aws/postgres";
    c.reason = "1 attribute changes";
    c.attributes.push_back({"password_hint", "old", secret, true, true});
    t.terraform.push_back(c);
    t.risks.push_back({RiskLevel::Danger, "rotates " + secret, {}});
    plan.targets.push_back(t);
    return plan;
  };
  Masks masks = resolve_masks("env:TOKEN,regexp:tok-[0-9]+", [](const char* name) {
    return std::string(name) == "TOKEN" ? "s3cr3t-value" : nullptr;
  });
  REQUIRE(masks.values == std::vector<std::string>{"s3cr3t-value"});
  SourceFiles files;
  PlanRenderOptions options;
  std::string rendered[2];
  int i = 0;
  for (const char* secret : {"s3cr3t-value", "tok-123"}) {
    Plan plan = plan_with(secret);
    mask_plan(plan, masks);
    rendered[i] = plan_markdown(plan, files, options).full;
    CHECK(rendered[i].find(secret) == std::string::npos);
    CHECK(rendered[i].find("***") != std::string::npos);
    ++i;
  }
  // Two different secrets, masked alike: the same comment, digests included.
  CHECK(rendered[0] == rendered[1]);
}

namespace {

// Two changed objects of one target, each with its own attribute, and a text diff large
// enough that the comment must leave the diffs out.
Plan two_objects_plan() {
  Plan plan;
  TargetPlan t;
  t.target = "prod/users";
  t.env = "prod";
  t.service = "users";
  t.status = TargetStatus::Changed;
  for (const char* name : {"db", "cache"}) {
    Change c;
    c.address = std::string("module.") + name;
    c.reason = "1 attribute changes";
    c.attributes.push_back({std::string(name) + "_size", "small", "large", true, true});
    t.terraform.push_back(c);
  }
  t.files.push_back({"main.tf", std::string(4000, 'x')});
  plan.targets.push_back(t);
  return plan;
}

}  // namespace

TEST_CASE("a trimmed comment keeps each attribute under its own object", "[plan]") {
  Plan plan = two_objects_plan();
  SourceFiles files;
  PlanRenderOptions options;
  options.max_comment = 3000;
  Markdown md = plan_markdown(plan, files, options);
  REQUIRE(md.degraded == "Text diffs were left out to fit GitHub's comment limit");
  std::size_t db = md.comment.find("`module.db`");
  std::size_t db_size = md.comment.find("`db_size`");
  std::size_t cache = md.comment.find("`module.cache`");
  std::size_t cache_size = md.comment.find("`cache_size`");
  REQUIRE(cache_size != std::string::npos);
  CHECK(db < db_size);
  CHECK(db_size < cache);
  CHECK(cache < cache_size);
}

TEST_CASE("the text plan starts at its first line, not with a blank one", "[plan]") {
  Plan plan = two_objects_plan();
  SourceFiles files;
  std::string text = plan_text(plan, files, PlanRenderOptions{});
  CHECK(text.rfind("prod/users (changed)\n", 0) == 0);
  CHECK(plan_text(Plan{}, files, PlanRenderOptions{}).rfind("Plan: 0 target(s) changed", 0) == 0);
}
