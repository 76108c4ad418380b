// The first hour of a new user, as the documents tell it: the README's quickstart and
// docs/getting-started.md are run as written (their ```sh blocks, extracted here, so a doc
// that drifts from the binary fails), in an empty folder with the built infrac first on PATH.
// Then what a fresh project promises: no warnings, a .gitignore, template examples that pass
// check when uncommented.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// The ```sh blocks of `doc` from the heading `from` (or the whole file) to the next `## `.
std::string sh_blocks(const std::string& doc, const std::string& from = "") {
  std::istringstream in(doc);
  std::string line, out;
  bool section = from.empty(), block = false;
  while (std::getline(in, line)) {
    if (!from.empty() && line.rfind("## ", 0) == 0) section = line == from;
    if (!section) continue;
    if (line.rfind("```", 0) == 0) {
      block = !block && line == "```sh";
      continue;
    }
    if (block) out += line + "\n";
  }
  return out;
}

// Runs `script` with sh -e (each command must succeed) in `dir`, the built infrac first on
// PATH and a git identity for commits; stdout and stderr together.
CommandResult run_script(const fs::path& dir, const std::string& script) {
  write_file(dir / ".script.sh", script);
  std::string bin = fs::path(INFRAC_BINARY).parent_path().string();
  std::string command = "cd '" + dir.string() + "' && PATH='" + bin +
                        "':\"$PATH\" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example "
                        "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example NO_COLOR=1 "
                        "sh -ex .script.sh 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  fs::remove(dir / ".script.sh");
  return result;
}

// Every indented commented field made live: the template's examples ("    # worker:"), not
// its prose ("  # a placeholder ...").
std::string uncomment_examples(const std::string& text) {
  return std::regex_replace(
      text, std::regex("^( +)# (?= *[A-Za-z_][A-Za-z0-9_-]*:)", std::regex::multiline), "$1");
}

}  // namespace

TEST_CASE("first hour: the README's quickstart runs as written", "[cli]") {
  std::string script = sh_blocks(read_file(source_dir() / "README.md"), "## Quickstart");
  REQUIRE(script.find("infrac init") != std::string::npos);
  TempDir dir;
  CommandResult run = run_script(dir.path, script);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  fs::path project = dir.path / "acme";
  REQUIRE(fs::is_directory(project / "out/kubernetes/prod/payments"));

  // A fresh project says nothing but that it is fine.
  CommandResult check = run_infrac("check --no-color --root " + project.string());
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.err.find("warning") == std::string::npos);
  std::string ignore = read_file(project / ".gitignore");
  CHECK(ignore.find("\n/out/\n") != std::string::npos);
}

TEST_CASE("first hour: the template's commented examples pass check when uncommented", "[cli]") {
  TempDir dir;
  REQUIRE(run_infrac("init -q --name shop " + dir.path.string()).exit_code == 0);
  std::string root = " --root " + dir.path.string();
  REQUIRE(run_infrac("new service payments --team platform -q" + root).exit_code == 0);
  fs::path spec = dir.path / "services/payments/service.yaml";
  std::string text = read_file(spec);
  // hello exists, so the dependency example names it; the public URL is under the domain.
  CHECK(text.find("# dependencies: [hello]") != std::string::npos);
  CHECK(text.find("https://payments.shop.example/") != std::string::npos);
  write_file(spec, uncomment_examples(text));
  write_file(dir.path / "services/hello/service.yaml",
             uncomment_examples(read_file(dir.path / "services/hello/service.yaml")));
  CommandResult check = run_infrac("check --no-color" + root);
  INFO(read_file(spec) << check.err);
  CHECK(check.exit_code == 0);
  // The one warning the examples may raise is the platform's: a production database's roles
  // Job runs the default psql image by tag until the platform pins spec.delivery.psql_image
  // by digest (infrac ships no digest it cannot vouch for).
  std::string rest = check.err;
  for (std::size_t at;
       (at = rest.find("warning[security.pinned-psql-image]")) != std::string::npos;)
    rest.erase(at, 35);
  CHECK(rest.find("warning[") == std::string::npos);
}

TEST_CASE("first hour: init keeps a .gitignore that is already there", "[cli]") {
  TempDir dir;
  write_file(dir.path / ".gitignore", "node_modules/\n");
  REQUIRE(run_infrac("init -q --name shop " + dir.path.string()).exit_code == 0);
  CHECK(read_file(dir.path / ".gitignore") == "node_modules/\n");
}

TEST_CASE("first hour: docs/getting-started.md runs as written, in order", "[cli]") {
  std::string script = sh_blocks(read_file(source_dir() / "docs/getting-started.md"));
  REQUIRE(script.find("infrac plan") != std::string::npos);
  TempDir dir;
  CommandResult run = run_script(dir.path, script);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  // The comment the doc ends with names the change it made.
  std::string comment = read_file(dir.path / "shop/comment.md");
  CHECK(comment.find("payments") != std::string::npos);
}
