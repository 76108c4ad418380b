// The command line as data: every command, option and positional argument the parser knows,
// with the values each accepts. cli.cpp derives it from the parser's own definition, so the
// shell completions and man pages made from it cannot drift from what infrac parses.
// Tested by tests/cli/completion_test.cpp and tests/package/package_test.sh.
#pragma once

#include <string>
#include <vector>

namespace infrac {

// What a value is, so a shell can offer candidates: names read from the repository
// (`infrac __complete envs|services`), fixed choices, or paths.
enum class ValueKind { kNone, kChoice, kEnv, kService, kDir, kFile };

struct CliValue {
  ValueKind kind = ValueKind::kNone;
  std::vector<std::string> choices;  // kChoice: the accepted words
};

struct CliOption {
  std::vector<std::string> names;  // "--format", "-q"
  std::string description;
  bool takes_value = false;
  CliValue value;
};

struct CliPositional {
  std::string name;
  std::string description;
  bool repeats = false;
  CliValue value;
};

struct CliCommand {
  std::string name;  // "targets"; the root is "infrac"
  std::string description;
  std::string help;  // what `infrac help COMMAND` prints
  std::vector<CliOption> options;
  std::vector<CliPositional> positionals;
  std::vector<CliCommand> commands;
};

// The model of the whole command line (only cli.cpp builds it: it includes the parser).
CliCommand cli_model();

// Shell completion scripts for `infrac completion SHELL` (completion_*.cpp).
std::string bash_completion(const CliCommand& root);
std::string zsh_completion(const CliCommand& root);
std::string fish_completion(const CliCommand& root);

// A man page (roff) per command, with the command's full help (man_pages.cpp). `path` is the
// words from the root ("ci", "targets"); the root's page lists every command.
std::string man_page(const CliCommand& command, const std::vector<std::string>& path,
                     const std::string& version);

}  // namespace infrac
