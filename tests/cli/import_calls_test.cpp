// `infrac import` on a whole application: Online Boutique's release manifests
// (tests/corpus/import/microservices-demo, vendored with its licence). The calls are counted
// here from the manifests' text, independently of the importer: every `*_ADDR` variable whose
// host is another Deployment's Service. The drafts must declare exactly those dependencies
// with the variables kept, no such address may be left in env, and the rebuilt
// NetworkPolicies, read by `infrac access`, must open exactly those paths between services.
// Smaller manifests pin each address form and each doubt that is listed, not guessed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using json = nlohmann::json;

namespace {

const fs::path kBoutique = "tests/corpus/import/microservices-demo/kubernetes-manifests.yaml";

struct SourceCalls {
  std::set<std::pair<std::string, std::string>> calls;  // (caller, callee) between services
  std::map<std::pair<std::string, std::string>, std::string> variable;
  std::set<std::string> services;    // Service names of the input
  std::set<std::string> datastores;  // Deployments running a redis image
};

// The documents of the file, each: kind, metadata name, text.
SourceCalls count_calls(const std::string& text) {
  SourceCalls out;
  std::vector<std::tuple<std::string, std::string, std::string>> docs;
  std::regex kind_re("\\nkind: (\\w+)"), name_re("\\nmetadata:\\n  name: ([a-z0-9-]+)");
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n---", start);
    std::string doc =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::smatch k, n;
    if (std::regex_search(doc, k, kind_re) && std::regex_search(doc, n, name_re))
      docs.emplace_back(k[1], n[1], doc);
    if (end == std::string::npos) break;
    start = end + 4;
  }
  for (const auto& [kind, name, doc] : docs) {
    if (kind == "Service") out.services.insert(name);
    if (kind == "Deployment" && doc.find("image: redis:") != std::string::npos)
      out.datastores.insert(name);
  }
  std::regex addr_re("- name: (\\w+_ADDR)\\s*\\n\\s*value: \"([a-z0-9-]+):[0-9]+\"");
  for (const auto& [kind, name, doc] : docs) {
    if (kind != "Deployment") continue;
    for (std::sregex_iterator i(doc.begin(), doc.end(), addr_re), e; i != e; ++i) {
      std::string host = (*i)[2];
      if (!out.services.count(host) || out.datastores.count(host) || host == name) continue;
      out.calls.insert({name, host});
      out.variable[{name, host}] = (*i)[1];
    }
  }
  return out;
}

fs::path boutique_repo(const TempDir& dir) {
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  return repo;
}

// The drafts' dependencies: (service, callee) -> "env form".
std::map<std::pair<std::string, std::string>, std::string> draft_dependencies(
    const fs::path& repo) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::regex dep_re("\\n    - service: ([a-z0-9-]+)\\n      env: (\\w+)\\n      form: (\\w+)");
  for (const auto& dir : fs::directory_iterator(repo / "services")) {
    std::string name = dir.path().filename().string();
    std::string text = read_file(dir.path() / "service.yaml");
    for (std::sregex_iterator i(text.begin(), text.end(), dep_re), e; i != e; ++i)
      out[{name, (*i)[1]}] = std::string((*i)[2]) + " " + std::string((*i)[3]);
  }
  return out;
}

}  // namespace

TEST_CASE("Online Boutique imports into drafts whose dependencies are its call graph", "[cli]") {
  SourceCalls source = count_calls(read_file(source_dir() / kBoutique));
  REQUIRE(source.calls.size() == 15);  // frontend 7, checkout 6, recommendation 1, loadgen 1
  REQUIRE(source.datastores == std::set<std::string>{"redis-cart"});
  TempDir dir;
  fs::path repo = boutique_repo(dir);
  CommandResult r = run_infrac("import --format json --env dev --root " + repo.string() + " " +
                               (source_dir() / kBoutique).string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);

  // Dependencies equal the call graph, each with the variable the caller reads, as host:port.
  auto deps = draft_dependencies(repo);
  std::set<std::pair<std::string, std::string>> recovered;
  for (const auto& [edge, how] : deps) {
    recovered.insert(edge);
    INFO(edge.first << " -> " << edge.second);
    CHECK(how == source.variable[edge] + " address");
  }
  CHECK(recovered == source.calls);

  // No address of another service is left in any draft's env.
  for (const auto& entry : fs::directory_iterator(repo / "services")) {
    std::string text = read_file(entry.path() / "service.yaml");
    for (const auto& s : source.services) {
      INFO(entry.path().filename() << " names " << s);
      CHECK(!std::regex_search(text, std::regex("[ \"]" + s + "(\\.[a-z.-]+)?:[0-9]+")));
    }
  }

  // Every difference between the input and the rebuild is explained.
  for (const auto& s : report["services"]) {
    for (const auto& c : s["comparison"]) {
      INFO(c["object"]);
      CHECK(c.value("explanation", "") != "unexplained");
      for (const auto& d : c["differences"]) CHECK(d["explanation"] != "unexplained");
    }
  }

  // The proof: every call allowed, nothing else open between the services.
  const json& proof = report["proof"];
  CHECK(proof["calls"] == source.calls.size());
  CHECK(proof["recovered"] == source.calls.size());
  CHECK(proof["allowed"] == source.calls.size());
  CHECK(proof["other_paths"].empty());
  CHECK(proof["blocked_needs"].empty());

  // The redis Deployment is a datastore to move: cartservice gets a managed one.
  CHECK(read_file(repo / "services/cartservice/service.yaml")
            .find("  datastores:\n    redis:\n      type: redis") != std::string::npos);
  CHECK(!fs::exists(repo / "services/redis-cart"));
  CHECK(read_file(repo / "services/cartservice/service.yaml")
            .find("# datastores.redis replaces the in-cluster redis Deployment/redis-cart "
                  "(redis:alpine)") != std::string::npos);
  std::map<std::string, std::vector<std::string>> changes;
  for (const auto& c : report["behaviour_changes"])
    changes[c["kind"]].push_back(c["subject"].get<std::string>() + ": " +
                                 c["change"].get<std::string>());
  CHECK(report["behaviour_changes"][0]["kind"] == "calls");
  CHECK(changes["calls"].size() == source.calls.size() + 1);  // and the one to redis, moved
  REQUIRE(changes["datastores"].size() == 1);
  CHECK(changes["datastores"][0].find("cartservice.redis replaces it with a managed redis") !=
        std::string::npos);
  CHECK(changes["addresses"] ==
        std::vector<std::string>{"frontend SHOPPING_ASSISTANT_SERVICE_ADDR: "
                                 "shoppingassistantservice:80: names no Service of the input: "
                                 "kept as a plain value; from the namespace frontend a short "
                                 "name reaches only a Service there"});
  std::set<std::string> ports(changes["ports"].begin(), changes["ports"].end());
  // frontend:80 and emailservice:5000 served on their target ports: each Service, and the
  // imported call that now carries the new port.
  CHECK(ports.size() == 4);
  CHECK(ports.count("Service/frontend: port 80 becomes 8080: infrac's Service for frontend "
                    "listens on the component's port, so a caller outside this import that "
                    "still uses 80 breaks") == 1);
  CHECK(ports.count("loadgenerator -> frontend: port 80 becomes 8080: infrac's Service listens "
                    "on the component's port, and FRONTEND_ADDR carries it") == 1);
  CHECK(changes["namespaces"].size() == 1);
  CHECK(changes["exposure"].size() == 1);
}

TEST_CASE("the rebuilt Online Boutique opens exactly its calls, as infrac access reads it",
          "[cli]") {
  SourceCalls source = count_calls(read_file(source_dir() / kBoutique));
  TempDir dir;
  fs::path repo = boutique_repo(dir);
  REQUIRE(run_infrac("import -q --env dev --root " + repo.string() + " " +
                     (source_dir() / kBoutique).string())
              .exit_code == 0);
  CommandResult access = run_infrac("access dev --format json --root " + repo.string());
  INFO(access.err);
  CHECK(access.exit_code == 0);  // no blocked need, no path to a non-dependency
  json j = json::parse(access.out);
  std::set<std::pair<std::string, std::string>> open;
  for (const auto& p : j["open"]) {
    std::string from = p["from"], to = p["to"];
    from = from.substr(0, from.find('/'));
    to = to.substr(0, to.find('/'));
    if (source.services.count(from) || from == "loadgenerator") open.insert({from, to});
  }
  CHECK(open == source.calls);
  CHECK(j["blocked_needs"].empty());
  CHECK(j["to_non_dependencies"].empty());
}

TEST_CASE("the import report leads with behaviour changes and is the same on every run", "[cli]") {
  TempDir dir;
  std::string outputs[2];
  for (int i = 0; i < 2; ++i) {
    fs::path repo = dir.path / ("repo" + std::to_string(i));
    fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
    CommandResult r = run_infrac("import --env dev --root " + repo.string() + " " +
                                 (source_dir() / kBoutique).string());
    REQUIRE(r.exit_code == 0);
    outputs[i] = r.out;
  }
  CHECK(outputs[0] == outputs[1]);
  const std::string& text = outputs[0];
  CHECK(text.rfind("behaviour changes\n  calls: 15 between the imported services in the input, "
                   "15 recovered as dependencies, 15 allowed by the rebuilt NetworkPolicies; 0 "
                   "other path(s) open;",
                   0) == 0);
  auto at = [&](const char* s) { return text.find(s); };
  CHECK(at("    frontend -> cartservice: allowed: CART_SERVICE_ADDR cartservice:7070 -> "
           "cartservice.cartservice.svc.cluster.local:7070\n") < at("\nbookkeeping"));
  CHECK(at("  probes:\n") < at("\nbookkeeping"));
  CHECK(at("\nbookkeeping") < at("\nservices/frontend/service.yaml:"));
}

TEST_CASE("import reads every address form, in variables and arguments, and lists doubts",
          "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(source_dir() / "tests/corpus/base", repo, fs::copy_options::recursive);
  std::string workload =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: NAME, namespace: shop}\n"
      "spec:\n  template:\n    metadata: {labels: {app: NAME}}\n    spec:\n      containers:\n"
      "      - name: main\n        image: \"NAME:1\"\n        ports: [{containerPort: 8080}]\n";
  auto deployment = [&](const std::string& name, const std::string& extra) {
    return std::regex_replace(workload, std::regex("NAME"), name) + extra;
  };
  auto service = [](const std::string& name) {
    return "---\napiVersion: v1\nkind: Service\nmetadata: {name: " + name +
           ", namespace: shop}\nspec:\n  selector: {app: " + name +
           "}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n---\n";
  };
  std::string caller_env =
      "        args: [\"--catalog=catalog:80\", \"--verbose\"]\n"
      "        env:\n"
      "        - {name: STOCK_URL, value: \"http://stock.shop.svc.cluster.local/\"}\n"
      "        - {name: PRICES_ADDR, value: \"prices.shop:80\"}\n"
      "        - {name: TAX_HOST, value: tax}\n"
      "        - {name: LEDGER_URL, value: \"https://ledger:80\"}\n"
      "        - {name: FX_URL, value: \"http://fx:80/v2\"}\n"
      "        - {name: MODE, value: audit}\n"
      "        - {name: AUDIT_ADDR, value: \"audit:9999\"}\n";
  std::string manifests = deployment("orders", caller_env);
  for (const char* callee : {"catalog", "stock", "prices", "tax", "ledger", "fx", "audit"})
    manifests += service(callee) + deployment(callee, "");
  write_file(dir.path / "m.yaml", manifests);
  CommandResult r = run_infrac("import --format json --env dev --root " + repo.string() + " " +
                               (dir.path / "m.yaml").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string orders = read_file(repo / "services/orders/service.yaml");
  for (const char* part :
       {"  dependencies:\n    - service: catalog\n      env: CATALOG_ADDR\n      form: address\n"
        "    - service: prices\n      env: PRICES_ADDR\n      form: address\n"
        "    - stock\n"
        "    - service: tax\n      env: TAX_HOST\n      form: host\n",
        "        - \"--catalog=$(CATALOG_ADDR)\"", "    LEDGER_URL: https://ledger:80\n",
        "    FX_URL: http://fx:80/v2\n", "    MODE: audit\n", "    AUDIT_ADDR: audit:9999\n"}) {
    INFO(part);
    CHECK(orders.find(part) != std::string::npos);
  }
  json report = json::parse(r.out);
  std::map<std::string, std::string> status, why, rebuilt;
  for (const auto& c : report["calls"]) {
    status[c["variable"]] = c["status"];
    why[c["variable"]] = c["why"];
    rebuilt[c["variable"]] = c["rebuilt"];
  }
  // Each value derived in the form the caller wrote.
  CHECK(rebuilt["CATALOG_ADDR"] == "catalog.catalog.svc.cluster.local:8080");
  CHECK(rebuilt["PRICES_ADDR"] == "prices.prices.svc.cluster.local:8080");
  CHECK(rebuilt["STOCK_URL"] == "http://stock.stock.svc.cluster.local:8080");
  CHECK(rebuilt["TAX_HOST"] == "tax.tax.svc.cluster.local");
  CHECK(status == std::map<std::string, std::string>{{"CATALOG_ADDR", "allowed"},
                                                     {"PRICES_ADDR", "allowed"},
                                                     {"STOCK_URL", "allowed"},
                                                     {"TAX_HOST", "broken"},
                                                     {"LEDGER_URL", "blocked"},
                                                     {"FX_URL", "blocked"},
                                                     {"AUDIT_ADDR", "blocked"},
                                                     {"MODE", "unresolved"}});
  CHECK(why["LEDGER_URL"].find("this value says https://") != std::string::npos);
  CHECK(why["FX_URL"].find("carries the path /v2") != std::string::npos);
  CHECK(why["AUDIT_ADDR"].find("Service audit has no port 9999") != std::string::npos);
  // tax alone: the caller's own port reached Service tax on 80; the rebuild listens on 8080.
  CHECK(why["TAX_HOST"].find("TAX_HOST names no port") != std::string::npos);
  CHECK(why["MODE"].find("a bare word equal to the name of Service audit") != std::string::npos);
  CHECK(report["proof"]["calls"] == 7);
  CHECK(report["proof"]["allowed"] == 3);
  CHECK(report["proof"]["other_paths"].empty());
}

TEST_CASE("--keep-datastores imports the in-cluster Redis as a service its caller depends on",
          "[cli]") {
  TempDir dir;
  fs::path repo = boutique_repo(dir);
  CommandResult r = run_infrac("import --keep-datastores --format json --env dev --root " +
                               repo.string() + " " + (source_dir() / kBoutique).string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json report = json::parse(r.out);
  CHECK(fs::exists(repo / "services/redis-cart/service.yaml"));
  std::string cart = read_file(repo / "services/cartservice/service.yaml");
  CHECK(cart.find("    - service: redis-cart\n      env: REDIS_ADDR\n      form: address\n") !=
        std::string::npos);
  CHECK(cart.find("datastores:") == std::string::npos);
  CHECK(report["proof"]["calls"] == 16);
  CHECK(report["proof"]["allowed"] == 16);
  CHECK(report["proof"]["other_paths"].empty());
  bool kept = false;
  for (const auto& c : report["behaviour_changes"])
    kept = kept || (c["kind"] == "datastores" &&
                    c["change"].get<std::string>().find("kept as a service") != std::string::npos);
  CHECK(kept);
}
