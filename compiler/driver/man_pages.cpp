// `infrac __man DIR`: a man page per command, made from the same definition as `--help` (the
// package installs them under share/man/man1). No date in the header: the same binary writes
// the same pages, so packages build reproducibly.
#include <cctype>
#include <filesystem>

#include "base/fs.h"
#include "driver/cli_model.h"
#include "driver/commands.h"

#ifndef INFRAC_VERSION
#define INFRAC_VERSION "0.0.0"
#endif

namespace infrac {
namespace {

// roff: a backslash is \e, and a line may not start with a control character.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    out += ch == '\\' ? std::string("\\e") : std::string(1, ch);
    if (ch == '-') out.insert(out.size() - 1, "\\");
    line_start = ch == '\n';
  }
  return out;
}

std::string page_name(const std::vector<std::string>& path) {
  std::string name = "infrac";
  for (const auto& word : path) name += "-" + word;
  return name;
}

std::string upper(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return text;
}

}  // namespace

std::string man_page(const CliCommand& command, const std::vector<std::string>& path,
                     const std::string& version) {
  std::string name = page_name(path);
  std::string out = ".TH " + upper(name) + " 1 \"\" \"infrac " + version + "\" \"infrac manual\"\n";
  out += ".SH NAME\n" + roff(name) + " \\- " + roff(command.description) + "\n";
  out += ".SH DESCRIPTION\n.nf\n" + roff(command.help) + ".fi\n";
  if (!command.commands.empty()) {
    out += ".SH COMMANDS\n";
    for (const auto& sub : command.commands) {
      if (sub.help.empty()) continue;  // `help` is answered before parsing: no page of its own
      std::vector<std::string> sub_path = path;
      sub_path.push_back(sub.name);
      out += ".TP\n.B " + roff(sub.name) + "\n" + roff(sub.description) + " (" +
             roff(page_name(sub_path)) + "(1))\n";
    }
  }
  out += ".SH SEE ALSO\n";
  out += path.empty() ? "The documentation in /usr/share/doc/infrac, and docs/ of the source.\n"
                      : "infrac(1)\n";
  return out;
}

namespace {

std::string write_pages(const CliCommand& command, std::vector<std::string>& path,
                        const std::filesystem::path& dir) {
  std::string error = write_file_atomically(dir / (page_name(path) + ".1"),
                                            man_page(command, path, INFRAC_VERSION));
  for (const auto& sub : command.commands) {
    if (!error.empty()) break;
    if (sub.help.empty()) continue;  // `help` is answered before parsing: no page of its own
    path.push_back(sub.name);
    error = write_pages(sub, path, dir);
    path.pop_back();
  }
  return error;
}

}  // namespace

int cmd_man_pages(const CliCommand& root, const std::string& dir, Io io) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<std::string> path;
  if (std::string error = write_pages(root, path, dir); !error.empty()) {
    io.err << "infrac: error: " << error << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace infrac
