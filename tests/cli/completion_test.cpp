// Shell completion as a shell runs it: the script `infrac completion bash` prints is sourced
// into bash, the words of a command line go into COMP_WORDS/COMP_CWORD, `_infrac` runs and
// COMPREPLY is what the user would be offered. zsh (with compadd stubbed) and fish
// (`complete -C`) run their scripts the same way. Commands and options are compared with
// `--help`, so a command or flag added to the parser and missing from the scripts fails here.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

std::string acme() {
  return (source_dir() / "examples/acme").string();
}

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.insert(line.substr(0, line.find('\t')));
  }
  return lines;
}

// Writes the script for `shell` and a driver that loads it and completes a command line.
struct Shell {
  TempDir dir;
  fs::path script, driver;

  Shell(const std::string& shell, const std::string& driver_text) {
    CommandResult r = run_infrac("completion " + shell);
    REQUIRE(r.exit_code == 0);
    script = dir.path / ("infrac." + shell);
    driver = dir.path / ("driver." + shell);
    write_file(script, r.out);
    write_file(driver, driver_text);
  }
  // What the shell offers for `words` (the last one is being completed), run in `cwd`.
  std::set<std::string> complete(const std::string& program, const std::string& words,
                                 const std::string& cwd = acme()) {
    // run_infrac appends the binary's path: the driver's first argument.
    std::string prefix = "cd " + cwd + " && " + program + " " + driver.string();
    CommandResult r = run_infrac(script.string() + " " + words, prefix);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    return lines_of(r.out);
  }
};

constexpr const char* kBashDriver = R"sh(infrac="$1" script="$2"
shift 2
source "$script"
COMP_WORDS=("$infrac" "$@")
COMP_CWORD=$#
_infrac
printf '%s\n' "${COMPREPLY[@]}"
)sh";

std::set<std::string> bash(Shell& shell, const std::string& words,
                           const std::string& cwd = acme()) {
  return shell.complete("bash", words, cwd);
}

// The commands `infrac --help` lists, and the options `infrac COMMAND --help` lists.
std::set<std::string> help_words(const std::string& args, char first) {
  std::set<std::string> words;
  std::istringstream in(run_infrac(args).out);
  for (std::string line; std::getline(in, line);) {
    if (line.size() < 3 || line[0] != ' ' || line[1] != ' ' || line[2] != first) continue;
    std::istringstream fields(line);
    std::string word;
    fields >> word;
    for (std::size_t start = 0; start < word.size();) {  // "-q,--quiet"
      std::size_t comma = word.find(',', start);
      words.insert(word.substr(start, comma - start));
      start = comma == std::string::npos ? comma : comma + 1;
    }
  }
  return words;
}

}  // namespace

TEST_CASE("bash completion: commands, options and values of the parser", "[cli][completion]") {
  Shell sh("bash", kBashDriver);
  CHECK(bash(sh, "ch") == std::set<std::string>{"check"});
  CHECK(bash(sh, "ci ''") == std::set<std::string>{"targets", "bundle", "apply"});
  CHECK(bash(sh, "check --f") == std::set<std::string>{"--format"});
  CHECK(bash(sh, "check --format ''") ==
        std::set<std::string>{"text", "json", "sarif", "github", "junit"});
  CHECK(bash(sh, "graph --format ''") == std::set<std::string>{"mermaid", "dot", "json"});
  CHECK(bash(sh, "plan --fail-on d") == std::set<std::string>{"danger"});
  CHECK(bash(sh, "completion ''") == std::set<std::string>{"bash", "zsh", "fish"});
  CHECK(bash(sh, "help p") == std::set<std::string>{"plan", "policy"});
  // The hidden commands are for the scripts, not offered to people.
  CHECK(bash(sh, "__") == std::set<std::string>{});
}

TEST_CASE("bash completion: environment and service names of the repository", "[cli][completion]") {
  Shell sh("bash", kBashDriver);
  CHECK(bash(sh, "check --env ''") == std::set<std::string>{"dev", "prod"});
  CHECK(bash(sh, "build -q --service p") == std::set<std::string>{"payments", "pricing"});
  CHECK(bash(sh, "logs ''") == std::set<std::string>{"dev", "prod"});
  CHECK(bash(sh, "logs dev ''").size() == 9);
  CHECK(bash(sh, "exec prod ri") == std::set<std::string>{"rides"});
  CHECK(bash(sh, "access prod d") == std::set<std::string>{"dispatch", "drivers"});
  // --root names the repository from anywhere; outside one there is nothing to offer.
  TempDir elsewhere;
  CHECK(bash(sh, "check --root " + acme() + " --env ''", elsewhere.path.string()) ==
        std::set<std::string>{"dev", "prod"});
  CHECK(bash(sh, "check --env ''", elsewhere.path.string()).empty());
  // After `--` the words are exec's command: nothing of infrac's.
  CHECK(bash(sh, "exec dev rides -- ''").empty());
}

TEST_CASE("bash completion offers every command and option --help lists", "[cli][completion]") {
  Shell sh("bash", kBashDriver);
  std::set<std::string> commands = help_words("--help", 'a');
  for (char c = 'b'; c <= 'z'; ++c) commands.merge(help_words("--help", c));
  REQUIRE(commands.size() > 15);
  std::set<std::string> offered = bash(sh, "''");
  for (const auto& command : commands) CHECK(offered.count(command) == 1);
  for (const char* command : {"check", "build", "plan", "access", "logs", "fmt", "import"}) {
    std::set<std::string> options = help_words(std::string(command) + " --help", '-');
    REQUIRE(options.size() > 2);
    std::set<std::string> completed = bash(sh, std::string(command) + " -");
    for (const auto& option : options) {
      INFO(command << " " << option);
      CHECK(completed.count(option) == 1);
    }
  }
}

TEST_CASE("zsh and fish completion offer what bash offers", "[cli][completion]") {
  if (external_tool("zsh", "command -v zsh", "zsh completion script")) {
    Shell zsh("zsh", R"sh(compdef() { :; }
# compadd keeps the candidates that match the word being completed, as zsh's matcher does.
compadd() {
  [[ $1 == -- ]] && shift
  local w
  for w in "$@"; do [[ $w == ${words[CURRENT]}* ]] && print -r -- $w; done
  return 0
}
_files() { print -- "(files $*)"; }
infrac=$1 script=$2
shift 2
source $script
words=($infrac "$@")
CURRENT=${#words}
_infrac
)sh");
    CHECK(zsh.complete("zsh", "ch") == std::set<std::string>{"check"});
    CHECK(zsh.complete("zsh", "check --format ''") ==
          std::set<std::string>{"text", "json", "sarif", "github", "junit"});
    CHECK(zsh.complete("zsh", "logs ''") == std::set<std::string>{"dev", "prod"});
    CHECK(zsh.complete("zsh", "build --service p") == std::set<std::string>{"payments", "pricing"});
    CHECK(zsh.complete("zsh", "build --out ''") == std::set<std::string>{"(files -/)"});
  }
  if (external_tool("fish", "command -v fish", "fish completion script")) {
    Shell fish("fish", R"sh(set -x PATH (dirname $argv[1]) $PATH
source $argv[2]
complete -C "infrac $argv[3]"
)sh");
    CHECK(fish.complete("fish", "ch") == std::set<std::string>{"check"});
    CHECK(fish.complete("fish", "'ci '") == std::set<std::string>{"targets", "bundle", "apply"});
    CHECK(fish.complete("fish", "'check --format '") ==
          std::set<std::string>{"text", "json", "sarif", "github", "junit"});
    CHECK(fish.complete("fish", "'logs '") == std::set<std::string>{"dev", "prod"});
    CHECK(fish.complete("fish", "'logs dev p'") == std::set<std::string>{"payments", "pricing"});
  }
}

TEST_CASE("__complete lists names without compiling; man pages per command", "[cli][completion]") {
  CommandResult envs = run_infrac("__complete envs --root " + acme());
  CHECK(envs.exit_code == 0);
  CHECK(envs.out == "dev\nprod\n");
  CHECK(run_infrac("__complete services --root " + acme()).out.starts_with("admin\ndispatch\n"));
  TempDir empty;
  CommandResult outside = run_infrac("__complete envs --root " + empty.path.string());
  CHECK(outside.exit_code == 1);
  CHECK(outside.err.empty());
  CHECK(run_infrac("completion tcsh").exit_code == 2);

  CHECK(run_infrac("__man " + empty.path.string()).exit_code == 0);
  std::string root_page = read_file(empty.path / "infrac.1");
  CHECK(root_page.starts_with(".TH INFRAC 1"));
  CHECK(root_page.find("infrac\\-ci(1)") != std::string::npos);
  std::string targets = read_file(empty.path / "infrac-ci-targets.1");
  CHECK(targets.find("\\-\\-base") != std::string::npos);
  CHECK(fs::exists(empty.path / "infrac-policy-test.1"));
  CHECK(!fs::exists(empty.path / "infrac-help.1"));
  CHECK(!fs::exists(empty.path / "infrac-__complete.1"));
}
