#include "plan/git_tree.h"

#include <vector>

#include "base/regex.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

// git without a shell: every argument is passed as it is, and the ref was validated first.
std::optional<std::string> git(const Host& host, const fs::path& dir,
                               std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", dir.string()};
  argv.insert(argv.end(), std::make_move_iterator(args.begin()),
              std::make_move_iterator(args.end()));
  ProcessOptions options;
  options.capture_stdout = true;
  options.discard_stderr = true;
  ProcessResult r = host.run_process(argv, options);
  if (r.exit_code != 0) return std::nullopt;
  return r.out;
}

std::string first_line(std::string text) {
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
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

ExportedTree export_ref(const Host& host, const fs::path& root, const std::string& ref) {
  ExportedTree out;
  if (!valid_ref(ref)) {
    out.error = "'" + ref + "' is not a git ref infrac accepts";
    return out;
  }
  auto prefix = git(host, root, {"rev-parse", "--show-prefix"});
  if (!prefix) {
    out.error = root.string() + " is not inside a git repository";
    return out;
  }
  *prefix = first_line(*prefix);
  if (!git(host, root, {"rev-parse", "--verify", "--quiet", ref + "^{commit}"})) {
    out.error = "git knows no commit '" + ref + "'";
    return out;
  }
  // The host puts it on a memory-backed file system when there is one: the export is read
  // once and removed, and creating thousands of small files on a disk costs more than
  // compiling them.
  out.scratch = host.make_temp_dir("infrac-plan");
  if (out.scratch.empty()) {
    out.error = "cannot create a temporary directory";
    return out;
  }
  out.directory = out.scratch / "repo";
  fs::create_directories(out.directory);
  // The whole tree at the repository's folder: whatever the compile reads (a pack folder
  // spec.policies names, a module folder) is there, as the ref had it.
  std::string tree = ref + ":" + *prefix;
  if (!git(host, root, {"cat-file", "-e", tree + "infrac.yaml"})) {
    out.error =
        ref + " has no infrac.yaml at " + (prefix->empty() ? "the repository root" : *prefix);
    return out;
  }
  fs::path archive = out.scratch / "tree.tar";
  // From the top level: in a subdirectory, git would look for the folder inside the tree.
  auto top = git(host, root, {"rev-parse", "--show-toplevel"});
  fs::path at_top = top ? fs::path(first_line(*top)) : root;
  if (!git(host, at_top, {"archive", "--format=tar", "--output=" + archive.string(), tree})) {
    out.error = "git archive of " + ref + " failed";
    return out;
  }
  ProcessOptions quiet;
  quiet.capture_stdout = true;
  ProcessResult tar =
      host.run_process({"tar", "-x", "-f", archive.string(), "-C", out.directory.string()}, quiet);
  std::error_code ec;
  fs::remove(archive, ec);
  if (tar.exit_code != 0) out.error = "extracting the tree of " + ref + " failed";
  return out;
}

}  // namespace infrac
