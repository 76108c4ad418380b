// resolve/target_graph.h: typed edges, who reads whom, and the cache's edge lines.
#include <catch2/catch.hpp>

#include "resolve/model.h"
#include "resolve/target_graph.h"

using namespace infrac;

namespace {

Target target(const std::string& env, const std::string& service,
              std::vector<std::string> calls = {}, std::vector<std::string> publishes = {}) {
  Target t;
  t.env = env;
  t.service = service;
  for (auto& c : calls) t.dependencies.push_back({c, "", {}, {}});
  for (auto& p : publishes) t.publishes.push_back({p, "outbox", {}});
  return t;
}

}  // namespace

TEST_CASE("target graph: calls read both ways, publishes only from the publisher", "[graph]") {
  Model m;
  // rides calls pricing and publishes to notifications' queue; admin calls rides.
  for (const char* env : {"dev", "prod"}) {
    m.targets.push_back(target(env, "admin", {"rides"}));
    m.targets.push_back(target(env, "notifications"));
    m.targets.push_back(target(env, "pricing"));
    m.targets.push_back(target(env, "rides", {"pricing", "ghost"}, {"notifications"}));
  }
  TargetGraph g = build_target_graph(m);
  CHECK(g.edges().size() == 6);  // the edge to a service that does not exist is dropped
  CHECK(g.sources("prod/rides", EdgeKind::Calls) == std::vector<std::string>{"admin"});
  CHECK(g.sources("prod/notifications", EdgeKind::Publishes) == std::vector<std::string>{"rides"});
  CHECK(g.sources("prod/notifications", EdgeKind::Calls).empty());

  // A change to notifications reaches its publisher (its grant names the queue) ...
  CHECK(g.reached_by({"notifications"}) == std::set<std::string>{"dev/notifications", "dev/rides",
                                                                 "prod/notifications",
                                                                 "prod/rides"});
  // ... and a change to the publisher does not reach the queue's owner.
  CHECK(g.reached_by({"rides"}) == std::set<std::string>{"dev/admin", "dev/pricing", "dev/rides",
                                                         "prod/admin", "prod/pricing",
                                                         "prod/rides"});
  CHECK(g.reached_by({"pricing"}) ==
        std::set<std::string>{"dev/pricing", "dev/rides", "prod/pricing", "prod/rides"});
}

TEST_CASE("target graph: edges survive the build cache's lines", "[graph]") {
  for (const TargetEdge& e : {TargetEdge{"dev/a", "dev/b", EdgeKind::Calls},
                              TargetEdge{"prod/x", "prod/y", EdgeKind::Publishes}}) {
    TargetEdge back;
    REQUIRE(parse_edge_line(edge_line(e), back));
    CHECK(back == e);
  }
  TargetEdge ignored;
  CHECK_FALSE(parse_edge_line("dev/a\tconsumes\tdev/b", ignored));
  CHECK_FALSE(parse_edge_line("dev/a", ignored));
}
