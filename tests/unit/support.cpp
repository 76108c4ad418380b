#include "support.h"

#include "plan/diff.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace infrac::test {

fs::path source_dir() {
  return INFRAC_SOURCE_DIR;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "infrac-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

Txtar parse_txtar(const std::string& text) {
  Txtar out;
  std::string* current = nullptr;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::size_t next = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(pos, (end == std::string::npos ? text.size() : end) - pos);
    if (line.starts_with("-- ") && line.ends_with(" --") && line.size() > 6) {
      current = &out.files[line.substr(3, line.size() - 6)];
    } else if (current) {
      current->append(text, pos, next - pos);
    } else if (line.starts_with("# ")) {
      out.comments.push_back(line.substr(2));
    }
    pos = next;
  }
  return out;
}

CommandResult run_infrac(const std::string& args, const std::string& env_prefix) {
  static int counter = 0;
  fs::path err_file =
      fs::temp_directory_path() /
      ("infrac-test-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::string command =
      env_prefix + " " + std::string(INFRAC_BINARY) + " " + args + " 2>" + err_file.string();
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = read_file(err_file);
  fs::remove(err_file);
  return result;
}

bool external_tool(const std::string& tool, const std::string& probe, const std::string& check) {
  if (std::system((probe + " >/dev/null 2>&1").c_str()) == 0) return true;
  std::cerr << "SKIPPED external check: " << check << " (" << tool << " not found)\n";
  if (const char* log = std::getenv("INFRAC_SKIPPED_LOG"); log && *log) {
    std::ofstream(log, std::ios::app) << tool << "\t" << check << "\n";
  }
  return false;
}

bool matches_golden(const fs::path& golden, const std::string& actual) {
  const char* update = std::getenv("INFRAC_UPDATE");
  if (update && std::string(update) == "1") {
    write_file(golden, actual);
    return true;
  }
  if (!fs::exists(golden)) {
    std::cerr << "golden file " << golden.string()
              << " does not exist (INFRAC_UPDATE=1 writes it)\n";
    return false;
  }
  return matches_expected(golden.lexically_relative(source_dir()).generic_string(),
                          read_file(golden), actual);
}

bool matches_expected(const std::string& label, const std::string& expected,
                      const std::string& actual) {
  if (expected == actual) return true;
  // A mismatch shows what changed, as a unified diff (at most 200 lines).
  std::string diff = unified_diff(label, expected, actual);
  std::size_t end = 0;
  for (int lines = 0; lines < 200 && end < diff.size(); ++lines) {
    std::size_t newline = diff.find('\n', end);
    end = newline == std::string::npos ? diff.size() : newline + 1;
  }
  std::cerr << "mismatch (- reviewed, + actual; INFRAC_UPDATE=1 rewrites it after review):\n"
            << diff.substr(0, end) << (end < diff.size() ? "[diff cut at 200 lines]\n" : "");
  return false;
}

GitRepo::GitRepo() : root(dir.path / "repo") {
  fs::copy(source_dir() / "tests/corpus/base", root, fs::copy_options::recursive);
  git("init -q -b main");
  commit("base");
}

void GitRepo::git(const std::string& args) {
  std::string command =
      "git -C " + root.string() + " -c user.email=t@example -c user.name=t " + args + " >/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("git " + args + " failed");
}

void GitRepo::commit(const std::string& message) {
  git("add -A");
  git("commit -q --allow-empty -m '" + message + "'");
}

void GitRepo::edit(const std::string& file, const std::string& from, const std::string& to) {
  std::string text = read_file(root / file);
  auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error(file + " has no '" + from + "'");
  text.replace(at, from.size(), to);
  write_file(root / file, text);
}

std::vector<std::filesystem::path> every_field_projects(const TempDir& extra) {
  std::filesystem::copy(source_dir() / "tests/corpus/base", extra.path,
                        std::filesystem::copy_options::recursive);
  std::string users = read_file(extra.path / "services/users/service.yaml");
  users.replace(users.find("      type: http\n"), 17,
                "      type: http\n      args: [--port, \"8080\"]\n"
                "      renamed_from: web\n"
                "      kubernetes:\n"
                "        annotations: {example.com/a: b}\n"
                "        labels: {example.com/c: d}\n"
                "        sidecars: {proxy: {image: \"proxy:1.0.0\"}}\n");
  users.replace(users.find("    db: {type: postgres}"), 24,
                "    db: {type: postgres, major_upgrade: true}");
  users.replace(users.find("  datastores:"), 13,
                "  iam:\n    - {actions: [\"kms:Decrypt\"], resources: [\"arn:aws:kms:eu-west-1:"
                "123456789012:key/k\"], reason: shared key}\n  egress:\n"
                "    - {cidr: 52.1.2.3/32, port: 443, reason: partner}\n  datastores:");
  write_file(extra.path / "services/users/service.yaml", users);
  return {source_dir() / "examples/acme", source_dir() / "examples/shop-gcp",
          source_dir() / "tests/corpus/adoption", extra.path};
}

}  // namespace infrac::test
