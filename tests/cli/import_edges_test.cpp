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
