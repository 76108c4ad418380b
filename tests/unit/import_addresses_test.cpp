// Addresses as `infrac import` reads them (adopt/addresses.h).
#include <catch2/catch.hpp>

#include "adopt/addresses.h"

using namespace infrac;

TEST_CASE("an address is scheme, host, port and path, or nothing", "[import]") {
  auto a = parse_address("http://users.shop.svc.cluster.local:8080/v1?x=1");
  REQUIRE(a);
  CHECK(a->scheme == "http");
  CHECK(a->host == "users.shop.svc.cluster.local");
  CHECK(a->port == 8080);
  CHECK(a->path == "/v1?x=1");
  CHECK(address_form(*a) == "url");
  auto b = parse_address("cartservice:7070");
  REQUIRE(b);
  CHECK(b->host == "cartservice");
  CHECK(b->port == 7070);
  CHECK(address_form(*b) == "address");
  auto c = parse_address("tax");
  REQUIRE(c);
  CHECK(address_form(*c) == "host");
  for (const char* not_one :
       {"", "8080", "0", "a b", "Users:80", "users:", "users:70000", "users:80,orders:80",
        "user@users:80", "-users", "users.:80", "http://"}) {
    INFO(not_one);
    CHECK(!parse_address(not_one));
  }
}

TEST_CASE("a cluster host name names a Service and maybe its namespace", "[import]") {
  auto n = cluster_service("cartservice");
  REQUIRE(n);
  CHECK(n->name == "cartservice");
  CHECK(n->ns.empty());
  for (const char* host : {"users.shop", "users.shop.svc", "users.shop.svc.cluster.local",
                           "users.shop.svc.corp.internal"}) {
    INFO(host);
    auto s = cluster_service(host);
    REQUIRE(s);
    CHECK(s->name == "users");
    CHECK(s->ns == "shop");
  }
  CHECK(!cluster_service("api.stripe.com"));
  CHECK(!cluster_service("users.shop.cluster.local"));
}
