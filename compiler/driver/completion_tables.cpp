#include "driver/completion_tables.h"

namespace infrac {
namespace {

void add_rows(const CliCommand& command, const std::string& path,
              std::vector<CompletionRow>& rows) {
  CompletionRow row;
  row.path = path;
  row.command = &command;
  for (const auto& sub : command.commands) row.commands.push_back(sub.name);
  for (const auto& option : command.options) {
    for (const auto& name : option.names) {
      row.options.push_back(name);
      if (option.takes_value) row.values.emplace_back(name, kind_word(option.value));
    }
  }
  for (const auto& positional : command.positionals) {
    row.positionals.push_back(kind_word(positional.value) + (positional.repeats ? "..." : ""));
  }
  rows.push_back(row);
  for (const auto& sub : command.commands) add_rows(sub, path + " " + sub.name, rows);
}

}  // namespace

std::vector<CompletionRow> completion_rows(const CliCommand& root) {
  std::vector<CompletionRow> rows;
  add_rows(root, "infrac", rows);
  return rows;
}

CompletionTables completion_tables(const CliCommand& root) {
  auto joined = [](const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
  };
  CompletionTables t;
  for (const auto& row : completion_rows(root)) {
    t.commands.emplace_back(row.path, joined(row.commands));
    t.options.emplace_back(row.path, joined(row.options));
    for (const auto& [option, kind] : row.values)
      t.values.emplace_back(row.path + " " + option, kind);
    t.positionals.emplace_back(row.path, joined(row.positionals));
  }
  return t;
}

std::string associative_arrays(const CliCommand& root, ArraySyntax syntax) {
  CompletionTables t = completion_tables(root);
  std::string out;
  auto table = [&](const std::string& name, const CompletionTable& entries) {
    out += syntax == ArraySyntax::kBash ? "declare -gA " + name + "=(\n"
                                        : "typeset -gA " + name + "\n" + name + "=(\n";
    for (const auto& [key, value] : entries) {
      out += syntax == ArraySyntax::kBash ? "  [" + quoted(key) + "]=" + quoted(value) + "\n"
                                          : "  " + quoted(key) + " " + quoted(value) + "\n";
    }
    out += ")\n";
  };
  table("_infrac_commands", t.commands);
  table("_infrac_options", t.options);
  table("_infrac_values", t.values);
  table("_infrac_positionals", t.positionals);
  return out;
}

std::string kind_word(const CliValue& value) {
  switch (value.kind) {
    case ValueKind::kChoice: {
      std::string word = "choice:";
      for (std::size_t i = 0; i < value.choices.size(); ++i) {
        word += (i == 0 ? "" : ",") + value.choices[i];
      }
      return word;
    }
    case ValueKind::kEnv:
      return "env";
    case ValueKind::kService:
      return "service";
    case ValueKind::kDir:
      return "dir";
    case ValueKind::kFile:
      return "file";
    case ValueKind::kNone:
      break;
  }
  return "none";
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'') {
      out += "'\\''";  // close, an escaped quote, reopen: read alike by all three
    } else {
      out += ch;
    }
  }
  return out + "'";
}

}  // namespace infrac
