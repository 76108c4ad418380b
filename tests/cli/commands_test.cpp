// End-to-end runs of the infrac binary: exit codes of cli.md, scaffolding, graph, schema,
// version, path safety, and the golden text of diagnostics.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {
std::string acme() {
  return (source_dir() / "examples/acme").string();
}
}  // namespace

TEST_CASE("check on examples/acme exits 0 and says what it checked", "[cli]") {
  // The clock is pinned: acme's exceptions are valid on this day.
  CommandResult r = run_infrac("check --root " + acme(), "INFRAC_NOW=2026-11-22");
  CHECK(r.exit_code == 0);
  // acme's production databases run the default psql image, a tag: one warning each.
  CHECK(r.err.ends_with(
      "infrac: checked 9 services (18 targets, 63 rules): 5 warning(s), 5 waived\n"));
  CHECK(r.err.find("waived[reliability.health-path]") != std::string::npos);
  // Every escape hatch acme uses is a finding, waived by an exception with an owner and an end.
  for (const char* rule :
       {"escape.scheduling", "escape.kubernetes-patches", "escape.terraform-files"}) {
    CHECK(r.err.find("waived[" + std::string(rule) + "]") != std::string::npos);
  }
  CommandResult j = run_infrac("check --format json --root " + acme(), "INFRAC_NOW=2026-11-22");
  CHECK(j.exit_code == 0);
  auto report = nlohmann::json::parse(j.out);
  CHECK(report["summary"]["errors"] == 0);
  CHECK(report["summary"]["waived"] == 10);  // per target
  CHECK(report["diagnostics"].empty());
  CHECK(report["violations"].size() == 15);
  CHECK(report["violations"][0]["waived"] == true);
}

TEST_CASE("usage errors exit 2", "[cli]") {
  CHECK(run_infrac("").exit_code == 2);
  CHECK(run_infrac("frobnicate").exit_code == 2);
  CHECK(run_infrac("check --format yaml --root " + acme()).exit_code == 2);
  CHECK(run_infrac("check --env staging --root " + acme()).exit_code == 2);
  CHECK(run_infrac("check --stop-after nonsense --root " + acme()).exit_code == 2);
  TempDir empty;
  CommandResult r = run_infrac("check --root " + empty.path.string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("E0016") != std::string::npos);
  CHECK(run_infrac("--help").exit_code == 0);
}

TEST_CASE("init scaffolds a repository that checks clean; new service adds one", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "shop";
  fs::create_directories(repo);
  CHECK(run_infrac("init " + repo.string()).exit_code == 0);
  CHECK(fs::exists(repo / "infrac.yaml"));
  CHECK(fs::exists(repo / ".infrac/infrac.schema.json"));
  CHECK(run_infrac("init " + repo.string()).exit_code == 1);  // exists
  CHECK(run_infrac("new service cart --team platform --root " + repo.string()).exit_code == 0);
  CHECK(run_infrac("new service cart --root " + repo.string()).exit_code == 1);  // exists
  CHECK(run_infrac("new service Bad_Name --root " + repo.string()).exit_code == 2);
  CommandResult check = run_infrac("check --root " + repo.string());
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.err.find("checked 2 services") != std::string::npos);
  std::string service = read_file(repo / "services/cart/service.yaml");
  CHECK(service.starts_with("# yaml-language-server: $schema=../../.infrac/infrac.schema.json\n"));
}

TEST_CASE("graph renders mermaid, dot and json from the resolved dependencies", "[cli]") {
  CommandResult m = run_infrac("graph --root " + acme());
  CHECK(m.exit_code == 0);
  CHECK(m.out.starts_with("graph LR\n"));
  CHECK(m.out.find("  payments --> notifications\n") != std::string::npos);
  CommandResult d = run_infrac("graph --format dot --root " + acme());
  CHECK(d.out.find("  \"rides\" -> \"payments\";\n") != std::string::npos);
  CommandResult j = run_infrac("graph --format json --env prod --root " + acme());
  auto g = nlohmann::json::parse(j.out);
  CHECK(g["env"] == "prod");
  CHECK(g["services"].size() == 9);
  bool found = false;
  for (const auto& e : g["edges"]) {
    found =
        found || (e["from"] == "rides" && e["to"] == "payments" && e["env_var"] == "BILLING_URL");
  }
  CHECK(found);

  TempDir dir;
  fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
  std::string web = read_file(source_dir() / "tests/corpus/base/services/web/service.yaml");
  web.replace(web.find("[users]"), 7, "[nobody]");
  write_file(dir.path / "services/web/service.yaml", web);
  CommandResult bad = run_infrac("graph --format json --root " + dir.path.string());
  CHECK(bad.exit_code == 1);
  auto errors = nlohmann::json::parse(bad.out);
  REQUIRE(errors["diagnostics"].size() >= 1);
  CHECK(errors["diagnostics"][0]["code"] == "E0102");
}

TEST_CASE("schema and version print what they promise", "[cli]") {
  auto schema = nlohmann::json::parse(run_infrac("schema").out);
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["$defs"].contains("service"));
  auto service = nlohmann::json::parse(run_infrac("schema service").out);
  CHECK(service["properties"]["kind"]["enum"][0] == "Service");
  CHECK(run_infrac("schema thing").exit_code == 2);
  CommandResult v = run_infrac("version");
  CHECK(v.exit_code == 0);
  CHECK(v.out.starts_with("infrac 0.1.0\n"));
  CHECK(v.out.find("yaml-cpp") != std::string::npos);
}

TEST_CASE("a service folder that is a symlink out of the repository is refused", "[cli]") {
  TempDir dir;
  fs::copy(source_dir() / "tests/corpus/base", dir.path / "repo", fs::copy_options::recursive);
  fs::create_directories(dir.path / "outside");
  fs::copy(source_dir() / "tests/corpus/base/services/users", dir.path / "outside/evil",
           fs::copy_options::recursive);
  fs::create_directory_symlink(dir.path / "outside/evil", dir.path / "repo/services/evil");
  CommandResult r = run_infrac("check --root " + (dir.path / "repo").string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error[E0001]: services/evil leads outside the repository") !=
        std::string::npos);
}

TEST_CASE("diagnostics text matches the reviewed golden file", "[cli]") {
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/golden")) {
    if (entry.path().extension() != ".txtar") continue;
    DYNAMIC_SECTION(entry.path().filename().string()) {
      Txtar txtar = parse_txtar(read_file(entry.path()));
      TempDir dir;
      fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
      for (const auto& [file, contents] : txtar.files) write_file(dir.path / file, contents);
      CommandResult r = run_infrac("check --root " + dir.path.string(), "NO_COLOR=1");
      fs::path golden = entry.path();
      golden.replace_extension(".stderr");
      CHECK(r.exit_code == 1);
      CHECK(matches_golden(golden, r.err));
    }
  }
}

TEST_CASE("filters (env, service) are checked before any service is resolved", "[cli]") {
  TempDir dir;
  fs::copy(acme(), dir.path, fs::copy_options::recursive);
  fs::remove_all(dir.path / "out");  // a local build of the example may have left one
  // A spec error that resolve would report: the filter's usage error comes first and alone.
  write_file(dir.path / "services/payments/service.yaml",
             read_file(dir.path / "services/payments/service.yaml") + "  bogus_field: 1\n");
  CommandResult env = run_infrac("check --env prd --root " + dir.path.string());
  CHECK(env.exit_code == 2);
  CHECK(env.err ==
        "infrac: error: --env prd: no such environment in infrac.yaml (did you mean "
        "'prod'?)\n");
  CommandResult svc = run_infrac("build --service paymnts --root " + dir.path.string());
  CHECK(svc.exit_code == 2);
  CHECK(svc.err.find("--service paymnts: no services/paymnts/service.yaml (did you mean "
                     "'payments'?)") != std::string::npos);
  CHECK(svc.err.find("bogus_field") == std::string::npos);
  CHECK(!fs::exists(dir.path / "out"));
}
