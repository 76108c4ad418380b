// The command line flattened for shell scripts: one row per command path ("infrac ci
// targets") with its subcommands, options, the value kind of each option that takes one, and
// its positionals' kinds. The bash, zsh and fish generators print these rows in their own
// syntax and share one walk of the typed words (the same in every shell).
// Tested by tests/cli/completion_test.cpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "driver/cli_model.h"

namespace infrac {

struct CompletionRow {
  std::string path;  // "infrac", "infrac ci", "infrac ci targets"
  const CliCommand* command = nullptr;
  std::vector<std::string> commands, options;
  std::vector<std::pair<std::string, std::string>> values;  // option -> kind word
  std::vector<std::string> positionals;  // kind words; a repeating last: "kind..."
};

// Depth first, the root first.
std::vector<CompletionRow> completion_rows(const CliCommand& root);

// The rows as four maps keyed by command path ("infrac ci", or "infrac ci --base" for values),
// each value a space-separated list: what the bash and zsh scripts declare.
using CompletionTable = std::vector<std::pair<std::string, std::string>>;
struct CompletionTables {
  CompletionTable commands, options, values, positionals;
};
CompletionTables completion_tables(const CliCommand& root);

// The four tables as the global associative arrays _infrac_commands, _infrac_options,
// _infrac_values and _infrac_positionals, in bash's or zsh's syntax.
enum class ArraySyntax { kBash, kZsh };
std::string associative_arrays(const CliCommand& root, ArraySyntax syntax);

// "choice:a,b,c", "env", "service", "dir", "file" or "none".
std::string kind_word(const CliValue& value);

// `text` as one single-quoted shell word (bash, zsh and fish read '...' alike but for a quote).
std::string quoted(const std::string& text);

}  // namespace infrac
