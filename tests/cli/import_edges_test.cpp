// `infrac import` on small manifests, each pinning a case a whole application does not show.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

fs::path base_repo(const TempDir& dir) {
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  return repo;
}

// A Deployment and its Service: `ports` is the Service's list; `extra` goes under the
// container (args, env).
std::string app(const std::string& name, const std::string& ns, const std::string& app_label,
                const std::string& image, int container_port, const std::string& ports,
                const std::string& extra = "") {
  std::string meta = "{name: " + name + (ns.empty() ? "" : ", namespace: " + ns) + "}";
  std::string out =
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: " + meta +
      "\nspec:\n  selector: {matchLabels: {app: " + app_label +
      "}}\n  template:\n    metadata: {labels: {app: " + app_label +
      "}}\n    spec:\n      containers:\n      - name: s\n        image: \"" + image +
      "\"\n        ports: [{containerPort: " + std::to_string(container_port) + "}]\n" + extra;
  if (ports.empty()) return out;
  return out + "---\napiVersion: v1\nkind: Service\nmetadata: " + meta +
         "\nspec:\n  selector: {app: " + app_label + "}\n  ports: " + ports + "\n";
}

CommandResult import(const fs::path& repo, const fs::path& manifests,
                     const std::string& flags = "--format json") {
  return run_infrac("import " + flags + " --env dev --root " + repo.string() + " " +
                    manifests.string());
}

}  // namespace

TEST_CASE("import stops at a service name two namespaces share, and writes nothing", "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string peer = "        env: [{name: PEER_URL, value: \"http://api.team-b:8080\"}]\n";
  for (const char* second : {"api", "api-other"}) {
    INFO(second);
    write_file(dir.path / "m.yaml",
               app("api", "team-a", "api", "api-a:1", 8080, "[{port: 8080}]", peer) +
                   app(second, "team-b", "api", "api-b:1", 8080, "[{port: 8080}]"));
    CommandResult r = import(repo, dir.path / "m.yaml", "");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("internal error") == std::string::npos);
    CHECK(r.err.find("m.yaml:") != std::string::npos);
    CHECK(r.err.find("error[E0020]: Deployment/team-b/" + std::string(second) +
                     " would be service 'api', as Deployment/team-a/api of another namespace "
                     "is") != std::string::npos);
    CHECK(r.err.find("app.kubernetes.io/name") != std::string::npos);
    CHECK(!fs::exists(repo / "services/api"));
  }
  // Distinct labels: two services, and the call between them is recovered.
  write_file(dir.path / "m.yaml",
             app("api", "team-a", "api", "api-a:1", 8080, "[{port: 8080}]", peer) +
                 app("api", "team-b", "apib", "api-b:1", 8080, "[{port: 8080}]"));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  CHECK(report["proof"]["allowed"] == 1);
  CHECK(read_file(repo / "services/apib/service.yaml").find("image: api-b:1") !=
        std::string::npos);
}

TEST_CASE("a call whose port the caller writes itself is broken when the rebuild moves it",
          "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string web_extra =
      "        args: [\"--search=http://$(SEARCH_HOST):80\", \"--hl=http://$(HL_HOST):7000\"]\n"
      "        env:\n"
      "        - {name: SEARCH_HOST, value: search}\n"
      "        - {name: HL_HOST, value: hl}\n"
      "        - {name: API2_ADDR, value: api.default}\n";
  write_file(dir.path / "m.yaml",
             app("shop", "", "shop", "shop:1", 8080, "", web_extra) +
                 app("search", "", "search", "search:1", 9200, "[{port: 80, targetPort: 9200}]") +
                 app("api", "", "api", "api:1", 8080,
                     "[{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9000}]") +
                 app("hl", "", "hl", "hl:1", 7000, "[{port: 7000}]"));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  std::map<std::string, json> calls;
  for (const auto& c : report["calls"]) calls[c["variable"]] = c;
  CHECK(calls["HL_HOST"]["status"] == "allowed");
  CHECK(calls["SEARCH_HOST"]["status"] == "broken");
  CHECK(calls["SEARCH_HOST"]["port"] == 80);
  CHECK(calls["SEARCH_HOST"]["why"] ==
        "the caller writes port 80 after $(SEARCH_HOST); the rebuilt search listens on 9200 only");
  CHECK(calls["API2_ADDR"]["status"] == "broken");
  CHECK(calls["API2_ADDR"]["why"] ==
        "API2_ADDR names no port: the caller connects to its own default, which reached "
        "Service/api on 80, 9000; the rebuilt api listens on 8080 only");
  CHECK(report["proof"]["allowed"] == 1);
}

TEST_CASE("in-cluster datastores infrac does not manage are reported, and the import succeeds",
          "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string web_extra =
      "        env:\n"
      "        - {name: MYSQL_HOST, value: mysql}\n"
      "        - {name: MONGO_URL, value: \"mongodb://mongo:27017/app\"}\n"
      "        - {name: REDIS_ADDR, value: \"cache:6379\"}\n";
  write_file(dir.path / "m.yaml",
             app("shop", "", "shop", "shop:1", 8080, "", web_extra) +
                 app("mysql", "", "mysql", "mysql:8", 3306, "[{port: 3306}]") +
                 app("mongo", "", "mongo", "mongo:6", 27017, "[{port: 27017}]") +
                 app("cache", "", "cache", "redis:7", 6379, "[{port: 6379}]"));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  std::map<std::string, json> calls;
  for (const auto& c : report["calls"]) calls[c["variable"]] = c;
  CHECK(calls["REDIS_ADDR"]["status"] == "moved");
  for (const char* v : {"MYSQL_HOST", "MONGO_URL"}) {
    INFO(v);
    CHECK(calls[v]["status"] == "unresolved");
    CHECK(calls[v]["why"].get<std::string>().find("has no managed equivalent") !=
          std::string::npos);
  }
  std::set<std::string> datastores;
  for (const auto& c : report["behaviour_changes"])
    if (c["kind"] == "datastores") datastores.insert(c["subject"].get<std::string>() + ": " +
                                                     c["change"].get<std::string>());
  CHECK(datastores.count("Deployment/mysql: an in-cluster mysql (mysql:8) not imported: no "
                         "managed equivalent: keep it outside infrac, or import it with "
                         "--keep-datastores"));
  std::string web = read_file(repo / "services/shop/service.yaml");
  CHECK(web.find("type: redis") != std::string::npos);
  CHECK(web.find("    MYSQL_HOST: mysql\n") != std::string::npos);  // kept as written
  CHECK(web.find("type: mysql") == std::string::npos);
  CHECK(web.find("type: mongodb") == std::string::npos);
}

TEST_CASE("import --dry-run --format json prints one JSON document, the drafts inside it",
          "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  write_file(dir.path / "m.yaml", app("shop", "", "shop", "shop:1", 8080, "[{port: 80}]"));
  CommandResult r = import(repo, dir.path / "m.yaml", "--dry-run --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);  // throws on anything around the document
  CHECK(report["drafts"]["services/shop/service.yaml"].get<std::string>().find("image: shop:1") !=
        std::string::npos);
  CHECK(!fs::exists(repo / "services/shop"));
}

TEST_CASE("a call not recovered says whether only its address fails, named where it is",
          "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string web_extra =
      "        args: [\"--backend=api:9000\"]\n"
      "        env:\n"
      "        - {name: AUTH_ADDR, value: \"auth:80\"}\n"
      "        - {name: AUTHZ_URL, value: \"http://auth.default:80\"}\n";
  write_file(dir.path / "m.yaml",
             app("shop", "", "shop", "shop:1", 8080, "", web_extra) +
                 app("api", "", "api", "api:1", 8080,
                     "[{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9000}]") +
                 app("auth", "", "auth", "auth:1", 3000, "[{port: 80, targetPort: 3000}]"));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  std::map<std::string, json> calls;
  for (const auto& c : report["calls"]) calls[c["variable"]] = c;
  CHECK(calls.count("API_ADDR") == 0);
  CHECK(calls["args[0]"]["status"] == "blocked");
  CHECK(calls["args[0]"]["why"].get<std::string>().ends_with(
      "the value still names the old address, and no dependency opens the path"));
  CHECK(calls["AUTHZ_URL"]["status"] == "blocked");
  CHECK(calls["AUTHZ_URL"]["why"].get<std::string>().ends_with(
      "the value still names the old address, and that is what fails: the rebuilt "
      "NetworkPolicies open the path to auth port 3000 (its dependency)"));
  CHECK(calls["AUTH_ADDR"]["status"] == "allowed");
}

TEST_CASE("a datastore URL with credentials naming an in-cluster datastore is an address to change",
          "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string shop_extra =
      "        env:\n"
      "        - {name: DB_HOST, value: pg}\n"
      "        - {name: DATABASE_URL, value: \"postgres://user:secret@pg:5432/app\"}\n";
  write_file(dir.path / "m.yaml", app("shop", "", "shop", "shop:1", 8080, "", shop_extra) +
                                      app("pg", "", "pg", "postgres:15", 5432, "[{port: 5432}]"));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("user:secret@") == std::string::npos);  // the password is masked
  json report = json::parse(r.out);
  std::map<std::string, json> calls;
  for (const auto& c : report["calls"]) calls[c["variable"]] = c;
  CHECK(calls["DB_HOST"]["status"] == "moved");
  CHECK(calls["DATABASE_URL"]["status"] == "unresolved");
  CHECK(calls["DATABASE_URL"]["value"] == "postgres://user:****@pg:5432/app");
  CHECK(calls["DATABASE_URL"]["why"].get<std::string>().find(
            "change it to read the variables of a managed postgres datastore") !=
        std::string::npos);
}

TEST_CASE("probes infrac adds where the input had none are reported as added", "[cli]") {
  TempDir dir;
  fs::path repo = base_repo(dir);
  std::string probed =
      "        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 3}\n";
  write_file(dir.path / "m.yaml", app("shop", "", "shop", "shop:1", 8080, "[{port: 8080}]") +
                                      app("cart", "", "cart", "cart:1", 8080, "[{port: 8080}]",
                                          probed));
  CommandResult r = import(repo, dir.path / "m.yaml");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::string> probes;
  json report = json::parse(r.out);
  for (const auto& c : report["behaviour_changes"])
    if (c["kind"] == "probes")
      probes[c["subject"].get<std::string>()] = c["change"].get<std::string>();
  CHECK(probes["Deployment/shop"] ==
        "infrac probes per component type; added (the input had none): livenessProbe "
        "(tcpSocket), readinessProbe (httpGet), startupProbe (tcpSocket): the app must answer "
        "them");
  INFO(probes["Deployment/cart"]);
  CHECK(probes["Deployment/cart"].find("added (the input had none): livenessProbe (tcpSocket)") !=
        std::string::npos);
  CHECK(probes["Deployment/cart"].find("; these differ: readinessProbe (") != std::string::npos);
}
