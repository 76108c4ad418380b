// Helpers shared by the tests: temporary directories, txtar cases, running the binary.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace infrac::test {

std::filesystem::path source_dir();
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& contents);

// A fresh empty directory, removed when the object goes away.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path;
};

// txtar: "# comment" lines, then "-- path --" headers each followed by the file's bytes.
struct Txtar {
  std::vector<std::string> comments;
  std::map<std::string, std::string> files;
};
Txtar parse_txtar(const std::string& text);

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
// Runs the infrac binary with `args` (shell words, already quoted where needed).
CommandResult run_infrac(const std::string& args, const std::string& env_prefix = "");

// A git repository made from tests/corpus/base, committed once ("base"); steps edit files and
// commit. Used by the plan and comment tests.
struct GitRepo {
  GitRepo();
  TempDir dir;
  std::filesystem::path root;
  void git(const std::string& args);  // throws when git fails
  void commit(const std::string& message);
  // Replaces the first `from` in `file` (throws when it is not there).
  void edit(const std::string& file, const std::string& from, const std::string& to);
};

// The examples, the adoption corpus and, written into `extra`, tests/corpus/base with what no
// example writes (component args, renames, pod metadata and sidecars, major upgrades, extra
// grants, egress): projects in which some target shows every field the resolved views have.
std::vector<std::filesystem::path> every_field_projects(const TempDir& extra);

// Whether an external tool (`probe` is a shell command that succeeds when it is there) is
// available. When it is not, the check that needed it is skipped loudly: named on stderr and
// appended to $INFRAC_SKIPPED_LOG, which scripts/test.sh counts in its summary (and CI allows
// only the skips listed in scripts/allowed-skips.txt).
bool external_tool(const std::string& tool, const std::string& probe, const std::string& check);

// expected == actual, or false after printing a unified diff labelled `label` on stderr.
bool matches_expected(const std::string& label, const std::string& expected,
                      const std::string& actual);
// Compares `actual` with the golden file; INFRAC_UPDATE=1 rewrites it instead.
bool matches_golden(const std::filesystem::path& golden, const std::string& actual);

}  // namespace infrac::test
