#include "plan/git_tree.h"

#include "base/regex.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace infrac {
namespace fs = std::filesystem;

namespace {

// Runs a command (no shell interpretation of user input: every argument is validated or
// quoted) and returns its standard output, or nothing on a non-zero exit.
std::optional<std::string> run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[8192];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int status = ::pclose(pipe);
  if (status != 0) return std::nullopt;
  return out;
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

ExportedTree::~ExportedTree() {
  if (!scratch.empty()) {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
}

bool valid_ref(const std::string& ref) {
  static const Regex pattern = builtin_regex("[A-Za-z0-9_][A-Za-z0-9_./@^~{}-]{0,254}");
  return pattern.full_match(ref) && ref.find("..") == std::string::npos;
}

ExportedTree export_ref(const fs::path& root, const std::string& ref) {
  ExportedTree out;
  if (!valid_ref(ref)) {
    out.error = "'" + ref + "' is not a git ref infrac accepts";
    return out;
  }
  std::string git = "git -C " + quote(root.string()) + " ";
  auto prefix = run(git + "rev-parse --show-prefix 2>/dev/null");
  if (!prefix) {
    out.error = root.string() + " is not inside a git repository";
    return out;
  }
  if (!prefix->empty() && prefix->back() == '\n') prefix->pop_back();
  if (!run(git + "rev-parse --verify --quiet " + quote(ref + "^{commit}") + " >/dev/null")) {
    out.error = "git knows no commit '" + ref + "'";
    return out;
  }
  // A memory-backed file system when there is one: the export is read once and removed, and
  // creating thousands of small files on a disk costs more than compiling them.
  std::string base_dir = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) {
    base_dir = tmp;
  } else if (::access("/dev/shm", W_OK) == 0) {
    base_dir = "/dev/shm";
  }
  std::string pattern_text = base_dir + "/infrac-plan-XXXXXX";
  std::vector<char> pattern(pattern_text.begin(), pattern_text.end());
  pattern.push_back('\0');
  if (!::mkdtemp(pattern.data())) {
    out.error = "cannot create a temporary directory";
    return out;
  }
  out.scratch = pattern.data();
  out.directory = out.scratch / "repo";
  fs::create_directories(out.directory);
  // Only what infrac reads; paths the ref does not have are left out (git archive would fail).
  std::string tree = ref + ":" + *prefix;
  std::string paths;
  for (const char* p : {"infrac.yaml", "services", "policies", "modules"}) {
    if (run(git + "cat-file -e " + quote(tree + p) + " 2>/dev/null")) paths += " " + std::string(p);
  }
  if (paths.empty()) {
    out.error =
        ref + " has no infrac.yaml at " + (prefix->empty() ? "the repository root" : *prefix);
    return out;
  }
  // From the top level: in a subdirectory, git would read the paths relative to it, not to
  // the tree being archived.
  auto top = run(git + "rev-parse --show-toplevel 2>/dev/null");
  if (top && !top->empty() && top->back() == '\n') top->pop_back();
  std::string at_top = top ? "git -C " + quote(*top) + " " : git;
  std::string command = at_top + "archive --format=tar " + quote(tree) + " --" + paths +
                        " | tar -x -C " + quote(out.directory.string());
  if (!run(command)) out.error = "git archive of " + ref + " failed";
  return out;
}

}  // namespace infrac
