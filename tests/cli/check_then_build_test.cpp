// What `infrac check` accepts, `infrac build` writes: every valid repository the tests hold
// (the examples, the corpus base and adoption repositories, each policy and stage case laid
// over the base, the golden inputs) is checked, and whenever check passes, build must too —
// a build may never fail on input check called valid (a clash of file names, a module call,
// a patch that only fails while writing).
#include <catch2/catch.hpp>

#include <map>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

struct Repo {
  std::string name;
  fs::path source;                             // a repository, or the base a txtar lies over
  std::map<std::string, std::string> files{};  // txtar files laid over it
};

// The .txtar inputs in `dir` (and its folders when `recursive`), each laid over the base.
void add_txtar_cases(std::vector<Repo>& out, const fs::path& dir, bool recursive) {
  std::vector<fs::path> paths;
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) paths.push_back(e.path());
  } else {
    for (const auto& e : fs::directory_iterator(dir)) paths.push_back(e.path());
  }
  for (const auto& path : paths) {
    if (path.extension() != ".txtar") continue;
    Repo r{fs::relative(path, source_dir()).string(), source_dir() / "tests/corpus/base"};
    Txtar txtar = parse_txtar(read_file(path));
    for (auto& [file, contents] : txtar.files) {
      // Plan stage cases give a side's files under base/ or head/: the head is what builds.
      if (file.rfind("base/", 0) == 0) continue;
      std::string path = file.rfind("head/", 0) == 0 ? file.substr(5) : file;
      if (path == "want" || path.empty()) continue;
      r.files[path] = contents;
    }
    out.push_back(std::move(r));
  }
}

// Escape hatches used as documented: a service's own .tf file adding what the module lacks,
// sidecars on ports of their own (in a Deployment and in a CronJob), label values at their
// limits.
Repo documented_escape_hatches() {
  fs::path base = source_dir() / "tests/corpus/base";
  std::string users = read_file(base / "services/users/service.yaml");
  std::string api = "      health: {path: /healthz}\n";
  std::string with_escapes = users;
  with_escapes.replace(
      with_escapes.find(api), api.size(),
      api +
          "      kubernetes:\n"
          "        labels: {example.com/cost-centre: \"\", example.com/owner: " +
          std::string(63, 'a') +
          "}\n"
          "        node_selector: {kubernetes.io/arch: amd64}\n"
          "        tolerations: [{key: example.com/dedicated, value: api_v1.2, effect: "
          "NoSchedule}]\n"
          "        sidecars: {proxy: {image: \"proxy:1.2.0\", port: 15001}}\n"
          "    nightly:\n"
          "      type: cron\n"
          "      command: [bin/report]\n"
          "      schedule: \"0 3 * * *\"\n"
          "      kubernetes:\n"
          "        sidecars: {agent: {image: \"agent:2.0.0\", port: 15001}}\n");
  return {"escape hatches used as documented",
          base,
          {{"services/users/service.yaml", with_escapes},
           {"services/users/terraform/audit.tf",
            "resource \"aws_cloudwatch_log_group\" \"audit\" {\n"
            "  name              = \"/corp/users/audit\"\n"
            "  retention_in_days = 30\n}\n\n"
            "output \"audit_log_group\" {\n"
            "  value = aws_cloudwatch_log_group.audit.name\n}\n"}}};
}

std::vector<Repo> valid_repositories() {
  std::vector<Repo> out;
  for (const auto& e : fs::directory_iterator(source_dir() / "examples")) {
    if (fs::exists(e.path() / "infrac.yaml"))
      out.push_back({"examples/" + e.path().filename().string(), e.path()});
  }
  out.push_back({"tests/corpus/base", source_dir() / "tests/corpus/base"});
  out.push_back({"tests/corpus/adoption", source_dir() / "tests/corpus/adoption"});
  add_txtar_cases(out, source_dir() / "tests/corpus/policy", false);
  add_txtar_cases(out, source_dir() / "tests/corpus/stages", true);
  // Golden inputs only: the folders under tests/golden hold outputs.
  add_txtar_cases(out, source_dir() / "tests/golden", false);
  out.push_back(documented_escape_hatches());
  std::sort(out.begin(), out.end(), [](const Repo& a, const Repo& b) { return a.name < b.name; });
  return out;
}

// Checks `repo`; when check passes, builds it and expects the build to pass. Returns whether
// check passed.
bool check_then_build(const Repo& repo) {
  INFO(repo.name);
  TempDir dir;
  fs::path root = dir.path / "repo";
  fs::copy(repo.source, root, fs::copy_options::recursive);
  for (const auto& [file, contents] : repo.files) write_file(root / file, contents);
  CommandResult check = run_infrac("check --root " + root.string());
  INFO(check.err);
  // The documented escape hatches must pass; anything else check refuses, build may too.
  if (repo.files.count("services/users/terraform/audit.tf")) CHECK(check.exit_code == 0);
  if (check.exit_code != 0) return false;
  CommandResult build =
      run_infrac("build --root " + root.string() + " --out " + (dir.path / "out").string());
  INFO(build.err);
  CHECK(build.exit_code == 0);
  return true;
}

}  // namespace

TEST_CASE("no input that passes check fails build", "[cli]") {
  std::vector<Repo> repos = valid_repositories();
  REQUIRE(repos.size() >= 60);
  std::size_t checked_clean = 0;
  for (const auto& repo : repos) checked_clean += check_then_build(repo) ? 1 : 0;
  // Many policy cases end in error findings; the examples, the corpus repositories, the stage
  // cases and the documented escape hatches check clean. A sweep that checks nothing clean
  // proves nothing.
  INFO(checked_clean << " of " << repos.size() << " checked clean");
  CHECK(checked_clean >= 20);
}
