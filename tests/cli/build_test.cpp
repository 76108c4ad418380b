// `infrac build` end to end: the acme golden output, determinism (runs, threads, key order,
// locale and time zone), atomicity, the no-op fast path, --image-tag, and foreign directories.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>

#include "../unit/support.h"
#include "base/source_files.h"
#include "spec/yaml_loader.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

fs::path acme() {
  return source_dir() / "examples/acme";
}

std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[e.path().lexically_relative(root).generic_string()] = read_file(e.path());
  }
  return out;
}

// Every run gets its own build cache, so tests never see each other's no-op fast path.
std::string cache_env(const TempDir& dir) {
  return "XDG_CACHE_HOME=" + (dir.path / "cache").string();
}

// The same document with every mapping's keys in reverse order, as JSON (which is YAML).
void reversed_json(const Node& n, std::string& out) {
  switch (n.kind) {
    case NodeKind::Map:
      out += '{';
      for (std::size_t i = n.entries.size(); i-- > 0;) {
        out += '"' + n.entries[i].key + "\":";
        reversed_json(n.entries[i].value, out);
        if (i) out += ',';
      }
      out += '}';
      return;
    case NodeKind::Seq:
      out += '[';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        reversed_json(n.items[i], out);
      }
      out += ']';
      return;
    case NodeKind::String: {
      out += '"';
      for (char c : n.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
      return;
    }
    case NodeKind::Null:
      out += "null";
      return;
    case NodeKind::Bool:
      out += n.as_bool() ? "true" : "false";
      return;
    case NodeKind::Int:
    case NodeKind::Float:
      out += n.text;
      return;
  }
}

void reverse_keys_in_place(const fs::path& yaml) {
  SourceFile file(yaml.string(), read_file(yaml));
  Diagnostics diagnostics;
  auto root = load_yaml(0, file, diagnostics);
  REQUIRE(root);
  std::string json;
  reversed_json(*root, json);
  write_file(yaml, json + "\n");
}

}  // namespace

TEST_CASE("examples/acme builds to the reviewed output", "[cli]") {
  TempDir dir;
  CommandResult r = run_infrac(
      "build --root " + acme().string() + " --out " + (dir.path / "out").string(), cache_env(dir));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto tree = snapshot(dir.path / "out");
  // Every path of the tree, and every file of four targets, are reviewed golden files:
  // dev/admin runs a canary; prod/_platform is the environment's platform.
  std::string listing;
  for (const auto& [path, contents] : tree) listing += path + "\n";
  CHECK(matches_golden(source_dir() / "tests/golden/acme-build/paths.txt", listing));
  for (const char* target : {"prod/payments", "dev/notifications", "dev/admin", "prod/_platform"}) {
    std::string txtar;
    for (const auto& [path, contents] : tree) {
      bool dashboard = path == std::string("dashboards/") + target + ".json";
      if (!dashboard && path.find(std::string("/") + target + "/") == std::string::npos) continue;
      txtar += "-- " + path + " --\n" + contents;
    }
    std::string name = std::string(target);
    std::replace(name.begin(), name.end(), '/', '-');
    CHECK(matches_golden(source_dir() / ("tests/golden/acme-build/" + name + ".txtar"), txtar));
  }
  CHECK(tree["modules/aws/postgres/main.tf"] ==
        read_file(source_dir() / "modules/aws/postgres/main.tf"));

  // terraform's own formatter is the judge of canonical HCL where it is installed.
  if (external_tool("terraform", "terraform version",
                    "acme's Terraform passes terraform fmt -check")) {
    int rc = std::system(("terraform fmt -check -recursive " +
                          (dir.path / "out/terraform").string() + " >/dev/null 2>&1")
                             .c_str());
    CHECK(rc == 0);
  }
}

TEST_CASE("builds are byte-identical across runs, threads, key order, locale and time zone",
          "[cli]") {
  TempDir dir;
  auto build = [&](const fs::path& root, const std::string& out, const std::string& extra,
                   const std::string& env = "") {
    CommandResult r = run_infrac(
        "build -q --root " + root.string() + " --out " + (dir.path / out).string() + " " + extra,
        cache_env(dir) + " " + env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return snapshot(dir.path / out);
  };
  auto reference = build(acme(), "one-thread", "-j 1");
  CHECK(reference.size() > 300);
  CHECK(build(acme(), "again", "-j 1") == reference);
  CHECK(build(acme(), "many-threads", "-j 8") == reference);
  CHECK(build(acme(), "elsewhere", "-j 3", "TZ=Pacific/Kiritimati") == reference);
  // Locales that change what locale-aware code would print: Turkish case mapping (I/ı),
  // German decimal commas and digit grouping. Only a locale the machine has proves anything
  // (an unknown one falls back to C): scripts/setup.sh generates both.
  for (const char* locale : {"tr_TR.UTF-8", "de_DE.UTF-8"}) {
    std::string name(locale);
    std::string lower = name.substr(0, name.find('.')) + ".utf8";
    if (!external_tool("locale " + name,
                       "locale -a | grep -qix -e " + name + " -e " + lower,
                       "builds are byte-identical under " + name))
      continue;
    INFO(locale);
    CHECK(build(acme(), std::string("locale-") + locale, "-j 2",
                std::string("LC_ALL=") + locale + " LANG=" + locale) == reference);
  }

  fs::path shuffled = dir.path / "shuffled";
  fs::copy(acme(), shuffled, fs::copy_options::recursive);
  reverse_keys_in_place(shuffled / "infrac.yaml");
  for (const auto& e : fs::directory_iterator(shuffled / "services")) {
    reverse_keys_in_place(e.path() / "service.yaml");
  }
  CHECK(build(shuffled, "shuffled-out", "-j 2") == reference);
}

TEST_CASE("a failed build leaves the previous output untouched", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(acme(), repo, fs::copy_options::recursive);
  std::string out = (dir.path / "out").string();
  REQUIRE(
      run_infrac("build -q --root " + repo.string() + " --out " + out, cache_env(dir)).exit_code ==
      0);
  auto before = snapshot(out);

  std::string spec = read_file(repo / "services/users/service.yaml");
  write_file(repo / "services/users/service.yaml", spec + "  bogus_field: 1\n");
  CommandResult r = run_infrac("build --root " + repo.string() + " --out " + out, cache_env(dir));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("nothing written") != std::string::npos);
  CHECK(snapshot(out) == before);
  std::set<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir.path))
    entries.insert(e.path().filename().string());
  entries.erase("cache");  // the build cache, when a build recorded one
  CHECK(entries == std::set<std::string>{"out", "repo"});
}

TEST_CASE("a rebuild rewrites only what changed, and an unchanged repository touches nothing",
          "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(acme(), repo, fs::copy_options::recursive);
  std::string args = "build --root " + repo.string() + " --out " + (dir.path / "out").string();
  REQUIRE(run_infrac(args, cache_env(dir)).exit_code == 0);
  auto users_main = dir.path / "out/terraform/prod/users/main.tf";
  auto mtime = fs::last_write_time(users_main);

  CommandResult again = run_infrac(args, cache_env(dir));
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("nothing changed since the last build") != std::string::npos);

  std::string spec = read_file(repo / "services/drivers/service.yaml");
  std::string from = "LOG_FORMAT: json";
  REQUIRE(spec.find(from) != std::string::npos);
  spec.replace(spec.find(from), from.size(), "LOG_FORMAT: text");
  write_file(repo / "services/drivers/service.yaml", spec);
  CommandResult changed = run_infrac(args, cache_env(dir));
  INFO(changed.err);
  CHECK(changed.exit_code == 0);
  // The ConfigMap and the pods that read it (config hash), in both environments.
  CHECK(changed.err.find("0 removed") != std::string::npos);
  CHECK(changed.err.find(" 0 files written") == std::string::npos);
  CHECK(fs::last_write_time(users_main) == mtime);
  CHECK(read_file(dir.path / "out/kubernetes/prod/drivers/configmap-drivers.yaml")
            .find("LOG_FORMAT: text") != std::string::npos);
}

TEST_CASE("--image-tag pins every image not pinned by digest; latest is refused", "[cli]") {
  TempDir dir;
  std::string out = (dir.path / "out").string();
  CommandResult r = run_infrac(
      "build -q --image-tag 3f9c2ab --root " + acme().string() + " --out " + out, cache_env(dir));
  REQUIRE(r.exit_code == 0);
  std::string deployment =
      read_file(dir.path / "out/kubernetes/dev/payments/deployment-payments-api.yaml");
  CHECK(deployment.find("acme/payments:3f9c2ab\"") != std::string::npos);
  CHECK(deployment.find("1.4.2") == std::string::npos);
  // Production deploys payments by digest (examples/acme): a tag cannot move it.
  std::string prod =
      read_file(dir.path / "out/kubernetes/prod/payments/deployment-payments-api.yaml");
  CHECK(prod.find("payments:1.4.2@sha256:") != std::string::npos);
  CHECK(run_infrac("build --image-tag latest --root " + acme().string() + " --out " + out,
                   cache_env(dir))
            .exit_code == 2);
}

TEST_CASE("--image-digest deploys one service's image by digest, which policy then sees", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(acme(), repo, fs::copy_options::recursive);
  // Unpin production users: security.immutable-image warns, and --image-digest answers it.
  std::string spec = read_file(repo / "services/users/service.yaml");
  auto pin = spec.find("    image: \"users:");
  REQUIRE(pin != std::string::npos);
  spec.replace(pin, spec.find('\n', pin) - pin, "    image: users:3.2.0");
  write_file(repo / "services/users/service.yaml", spec);
  std::string out = (dir.path / "out").string();
  std::string base =
      "build --root " + repo.string() + " --out " + out + " --env prod --service users";
  CommandResult tagged = run_infrac(base, cache_env(dir));
  CHECK(tagged.exit_code == 0);
  CHECK(tagged.err.find("warning[security.immutable-image]") != std::string::npos);
  std::string digest = "sha256:" + std::string(64, 'c');
  CommandResult pinned = run_infrac(base + " --image-digest " + digest, cache_env(dir));
  CHECK(pinned.exit_code == 0);
  CHECK(pinned.err.find("security.immutable-image") == std::string::npos);
  CHECK(read_file(dir.path / "out/kubernetes/prod/users/deployment-users-api.yaml")
            .find("acme/users@" + digest + "\"") != std::string::npos);
  CHECK(run_infrac("build --root " + repo.string() + " --out " + out + " --image-digest " + digest,
                   cache_env(dir))
            .exit_code == 2);  // one image's digest, not every service's
  CHECK(run_infrac(base + " --image-digest sha256:abc", cache_env(dir)).exit_code == 2);
}

TEST_CASE("build refuses to replace a directory infrac did not write", "[cli]") {
  TempDir dir;
  write_file(dir.path / "docs/index.md", "# keep me\n");
  CommandResult r = run_infrac(
      "build --root " + acme().string() + " --out " + (dir.path / "docs").string(), cache_env(dir));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error[E0017]") != std::string::npos);
  CHECK(read_file(dir.path / "docs/index.md") == "# keep me\n");
}

TEST_CASE("Ctrl-C during a build exits 130 and leaves the previous output whole", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  REQUIRE(std::system(("python3 " + (source_dir() / "bench/gen_repo.py").string() + " 400 " +
                       repo.string() + " >/dev/null")
                          .c_str()) == 0);
  std::string out = (dir.path / "out").string();
  std::string env = cache_env(dir);
  REQUIRE(run_infrac("build -q --root " + repo.string() + " --out " + out, env).exit_code == 0);
  auto before = snapshot(out);
  // Change every spec, so the next build would rewrite many files; interrupt it midway.
  for (const auto& e : fs::directory_iterator(repo / "services")) {
    std::string spec = read_file(e.path() / "service.yaml");
    spec.replace(spec.find("LOG_FORMAT: json"), 16, "LOG_FORMAT: text");
    write_file(e.path() / "service.yaml", spec);
  }
  for (int delay_ms : {50, 150, 300}) {
    std::string rc_file = (dir.path / "rc").string();
    std::string command = env + " " + std::string(INFRAC_BINARY) + " build -q --root " +
                          repo.string() + " --out " + out + " 2>/dev/null & pid=$!; sleep " +
                          std::to_string(delay_ms / 1000.0) +
                          "; kill -INT $pid; wait $pid; echo $? > " + rc_file;
    REQUIRE(std::system(("bash -c '" + command + "'").c_str()) == 0);
    int rc = std::stoi(read_file(rc_file));
    fs::remove(rc_file);
    INFO("interrupted after " << delay_ms << " ms: exit " << rc);
    CHECK((rc == 130 || rc == 0));
    std::set<std::string> entries;
    for (const auto& e : fs::directory_iterator(dir.path))
      entries.insert(e.path().filename().string());
    entries.erase("cache");  // the build cache, when a build recorded one
    CHECK(entries == std::set<std::string>{"out", "repo"});
    if (rc == 130) CHECK(snapshot(out) == before);
    if (rc == 0) break;  // the build won the race: the new tree is complete (checked above)
  }
}

// The incremental path against its oracle: after each edit, the tree an incremental build
// leaves must equal a fresh full build's, byte for byte (and the same exit code).
TEST_CASE("incremental builds equal full builds over a history of edits", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(acme(), repo, fs::copy_options::recursive);
  fs::remove_all(repo / "out");
  fs::path out = dir.path / "out";
  std::string args = "build --root " + repo.string() + " --out " + out.string();
  REQUIRE(run_infrac(args, cache_env(dir)).exit_code == 0);
  auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::string text = read_file(repo / file);
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    write_file(repo / file, text);
  };
  struct Step {
    const char* what;
    std::function<void()> apply;
    bool incremental;  // only files of services/ changed
  };
  std::vector<Step> steps = {
      {"a variable",
       [&] { edit("services/drivers/service.yaml", "LOG_FORMAT: json", "LOG_FORMAT: text"); },
       true},
      {"a dependency dropped", [&] { edit("services/rides/service.yaml", "    - pricing\n", ""); },
       true},
      {"a public URL taken from another service (a cross-service rule fails)",
       [&] {
         edit("services/rides/service.yaml", "https://api.acme.example/rides",
              "https://api.acme.example/users");
       },
       true},
      {"the URL back",
       [&] {
         edit("services/rides/service.yaml", "https://api.acme.example/users",
              "https://api.acme.example/rides");
       },
       false},  // after a failed build: a full one
      {"a service removed", [&] { fs::remove_all(repo / "services/admin"); }, true},
      {"a shared input",
       [&] { write_file(repo / "infrac.yaml", read_file(repo / "infrac.yaml") + "\n"); }, false},
  };
  bool failed_seen = false;
  for (const auto& step : steps) {
    step.apply();
    CommandResult inc = run_infrac(args, cache_env(dir));
    TempDir fresh;
    CommandResult full =
        run_infrac("build --root " + repo.string() + " --out " + (fresh.path / "out").string(),
                   "XDG_CACHE_HOME=" + (fresh.path / "cache").string());
    INFO(step.what << "\nincremental: " << inc.err << "\nfull: " << full.err);
    CHECK(inc.exit_code == full.exit_code);
    if (full.exit_code != 0) {
      failed_seen = true;
      continue;
    }
    CHECK((inc.err.find("recompiled") != std::string::npos) == step.incremental);
    CHECK(snapshot(out) == snapshot(fresh.path / "out"));
  }
  CHECK(failed_seen);  // the cross-service rule saw the service that was not recompiled
}

TEST_CASE("a new infrac binary rebuilds everything even when no input changed", "[cli]") {
  TempDir dir;
  fs::copy(fs::path(INFRAC_BINARY), dir.path / "infrac");
  fs::path repo = dir.path / "repo";
  fs::copy(acme(), repo, fs::copy_options::recursive);
  fs::remove_all(repo / "out");
  std::string command = cache_env(dir) + " " + (dir.path / "infrac").string() + " build --root " +
                        repo.string() + " --out " + (dir.path / "out").string() + " 2>&1";
  REQUIRE(std::system((command + " >/dev/null").c_str()) == 0);
  // Another binary (here: the same bytes, a new modification time) may compile differently.
  fs::last_write_time(dir.path / "infrac",
                      fs::last_write_time(dir.path / "infrac") + std::chrono::seconds(5));
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  CHECK(::pclose(pipe) == 0);
  INFO(out);
  CHECK(out.find("built 18 targets into") != std::string::npos);
  CHECK(out.find("recompiled") == std::string::npos);
}
