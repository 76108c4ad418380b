// The shape docs/architecture.md promises, checked on the source tree: which folder of
// compiler/ may include which (arrows only downward: plan/ and lower/ never reach driver/ or
// emit/), which single file may include each third-party library, that only the host
// (base/host.h) reaches the environment, the clock and other programs, and that every header's
// "Tested by" line names tests that exist.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

// Each folder and the folders it may include (besides itself). A new arrow is a design
// decision: change docs/architecture.md with it.
const std::map<std::string, std::set<std::string>>& allowed_arrows() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"base", {}},
      {"spec", {"base"}},
      {"hcl", {"base"}},
      {"ir", {"base"}},
      {"resolve", {"base", "spec"}},
      {"lower", {"base", "spec", "hcl", "ir", "resolve"}},
      {"emit", {"base", "ir"}},
      {"policy", {"base", "spec", "hcl", "ir", "resolve", "lower"}},
      {"report", {"base", "spec", "policy"}},
      {"plan", {"base", "spec", "ir", "resolve", "lower", "policy", "report"}},
      {"deliver", {"base", "ir"}},
      {"adopt", {"base", "spec", "ir", "resolve", "lower", "policy", "plan"}},
      {"pipeline",
       {"base", "spec", "hcl", "ir", "resolve", "lower", "emit", "policy", "report", "plan"}},
      {"driver",
       {"base", "spec", "hcl", "ir", "resolve", "lower", "emit", "policy", "report", "plan",
        "pipeline", "deliver", "adopt"}},
  };
  return table;
}

// Third-party headers and the one file (relative to compiler/) allowed to include each.
const std::map<std::string, std::string>& single_includers() {
  static const std::map<std::string, std::string> table = {
      {"<CLI/", "driver/cli.cpp"},
      {"<re2/", "base/regex.cpp"},
      {"<yaml-cpp/", "spec/yaml_loader.cpp"},
      {"<tree_sitter/", "hcl/syntax_tree.cpp"},
      {"<curl/", "report/github_comment.cpp"},
  };
  return table;
}

std::vector<std::string> include_lines(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#include ", 0) == 0) out.push_back(line.substr(9));
  }
  return out;
}

std::vector<fs::path> compiler_sources() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "compiler")) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".h" || ext == ".cpp")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("architecture: folders include only the folders below them", "[architecture]") {
  std::size_t checked = 0;
  for (const auto& file : compiler_sources()) {
    fs::path rel = file.lexically_relative(source_dir() / "compiler");
    if (rel.begin() == rel.end() || std::next(rel.begin()) == rel.end()) continue;  // main.cpp
    std::string folder = rel.begin()->string();
    auto arrows = allowed_arrows().find(folder);
    INFO(rel.string());
    REQUIRE(arrows != allowed_arrows().end());  // a new folder needs its place in the table
    for (const auto& inc : include_lines(file)) {
      if (inc.empty() || inc[0] != '"') continue;
      std::string target = inc.substr(1, inc.find('/') - 1);
      if (target == folder || inc.find('/') == std::string::npos) continue;
      INFO("includes " << inc);
      CHECK(arrows->second.count(target) == 1);
      ++checked;
    }
  }
  CHECK(checked > 200);  // the tree was read
}

// The meaning model is typed values with locations: no YAML tree outlives resolve, so the
// model's headers cannot name one (docs/architecture.md, step 5).
TEST_CASE("architecture: the meaning model holds no YAML tree", "[architecture]") {
  std::size_t checked = 0;
  for (const char* header :
       {"resolve/model.h", "resolve/needs.h", "resolve/platform.h", "resolve/target_graph.h"}) {
    INFO(header);
    fs::path file = source_dir() / "compiler" / header;
    REQUIRE(fs::exists(file));
    for (const auto& inc : include_lines(file)) {
      INFO("includes " << inc);
      CHECK(inc.rfind("\"spec/", 0) != 0);
      ++checked;
    }
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find(" Node ") == std::string::npos);
  }
  CHECK(checked > 4);
}

TEST_CASE("architecture: each third-party library has one includer", "[architecture]") {
  std::map<std::string, std::set<std::string>> includers;
  for (const auto& file : compiler_sources()) {
    std::string rel = file.lexically_relative(source_dir() / "compiler").generic_string();
    for (const auto& inc : include_lines(file)) {
      for (const auto& [prefix, only] : single_includers()) {
        if (inc.rfind(prefix, 0) == 0) includers[prefix].insert(rel);
      }
    }
  }
  for (const auto& [prefix, only] : single_includers()) {
    INFO(prefix);
    CHECK(includers[prefix] == std::set<std::string>{only});
  }
}

TEST_CASE("architecture: every header's \"Tested by\" line names tests that exist",
          "[architecture]") {
  static const std::regex test_path(R"(tests/[A-Za-z0-9_./*-]+)");
  std::size_t lines = 0;
  for (const auto& file : compiler_sources()) {
    if (file.extension() != ".h") continue;
    std::ifstream in(file);
    std::string comment;  // the "Tested by" sentence, to the end of the comment block
    bool in_tested = false;
    for (std::string line; std::getline(in, line);) {
      bool is_comment = line.rfind("//", 0) == 0;
      if (is_comment && (line.find("Tested by") != std::string::npos ||
                         line.find("Tested through") != std::string::npos)) {
        in_tested = true;
        ++lines;
      } else if (!is_comment) {
        in_tested = false;
      }
      if (in_tested) comment += line.substr(2) + "\n";
    }
    if (comment.empty()) continue;
    INFO(file.lexically_relative(source_dir()).string() << ":" << comment);
    std::size_t named = 0;
    for (std::sregex_iterator m(comment.begin(), comment.end(), test_path), end; m != end; ++m) {
      std::string path = m->str();
      while (!path.empty() && (path.back() == '.' || path.back() == ',')) path.pop_back();
      ++named;
      if (path.find('*') == std::string::npos) {
        CHECK(fs::exists(source_dir() / path));
        continue;
      }
      // A glob: its folder holds at least one file matching it.
      fs::path pattern = source_dir() / path;
      std::string prefix =
          pattern.filename().string().substr(0, path.find('*') - path.rfind('/') - 1);
      bool any = false;
      for (const auto& e : fs::directory_iterator(pattern.parent_path()))
        any = any || e.path().filename().string().rfind(prefix, 0) == 0;
      CHECK(any);
    }
    CHECK(named > 0);  // "Tested by" names at least one test file
  }
  CHECK(lines > 60);
}

// One fact, one place: the target graph is the only place that turns dependencies and
// publishes into edges, and base/inputs.cpp the only reader of a repository during a compile.
TEST_CASE("architecture: one target graph and one input reader", "[architecture]") {
  // Files that may read the file system directly: the reader itself, and what is not a
  // compile of the repository (the CLI's own files and caches, the output tree, import's
  // manifests, hand-written Terraform for inventory and fmt).
  const std::set<std::string> may_read = {
      "base/fs.cpp", "base/fs.h", "base/inputs.cpp", "adopt/manifests.cpp", "hcl/discover.cpp",
      "hcl/inventory.cpp", "emit/tree_writer.cpp", "emit/output_journal.cpp",
      // Its entries are no input: each is used only for the bytes an input read gave.
      "spec/spec_cache.cpp"};
  static const std::regex reads(R"(read_text_file\(|directory_iterator)");
  // Edges: iterating a target's dependencies or publishes to collect service names.
  static const std::regex edges(
      R"(for \(const auto& \w+ : \w+(\.|->)(dependencies|publishes)\)|callers\.push_back)");
  const std::set<std::string> may_walk_edges = {
      "resolve/target_graph.cpp",
      "resolve/resolve.cpp",        // each reference must name what exists (E0149)
      "resolve/build_service.cpp",  // a dependency defines the variable that carries its URL
      // The callees come from the graph; the dependency is looked up for its spec line only,
      // which the egress peer carries for the plan to cite.
      "resolve/needs.cpp",
      "plan/network_risks.cpp",  // likewise: which spec line a peer's rule served
      "policy/views.cpp",        // the policy subject lists what the spec says
      "pipeline/dump.cpp",       // the resolve dump shows what the spec says
  };
  std::size_t files = 0;
  for (const auto& file : compiler_sources()) {
    std::string rel = file.lexically_relative(source_dir() / "compiler").generic_string();
    if (rel.rfind("driver/", 0) == 0 || rel.rfind("adopt/", 0) == 0) continue;
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    INFO(rel);
    if (!may_read.count(rel)) CHECK_FALSE(std::regex_search(s, reads));
    if (!may_walk_edges.count(rel)) CHECK_FALSE(std::regex_search(s, edges));
    ++files;
  }
  CHECK(files > 100);
}

// The world comes through the host (base/host.h): outside the driver, main.cpp and the host's
// own implementation (base/host*.cpp), nothing reads the environment or the clock or starts a
// program, so a test can fake each of them.
TEST_CASE("architecture: only the host reaches the environment, the clock and programs",
          "[architecture]") {
  static const std::regex world(
      R"(\b(getenv|secure_getenv|setenv|unsetenv|putenv|clearenv|environ|system_clock|)"
      R"(gettimeofday|clock_gettime|localtime|localtime_r|gmtime|gmtime_r|mkdtemp|mkstemp|)"
      R"(temp_directory_path)\b|\bclock::now\b|\btime\s*\(\s*(nullptr|NULL|0)\s*\)|)"
      R"(\b(popen|fork|vfork|execl|execlp|execle|execv|execvp|execve|execvpe|fexecve|)"
      R"(posix_spawn|posix_spawnp|system)\s*\()");
  // A free call of run_process (a member call, host.run_process(...), is the way).
  static const std::regex spawn(R"((^|[^.>\w])run_process\s*\()");
  static const std::regex comment("//.*");
  std::size_t files = 0;
  for (const auto& file : compiler_sources()) {
    std::string rel = file.lexically_relative(source_dir() / "compiler").generic_string();
    if (rel.rfind("driver/", 0) == 0 || rel == "main.cpp") continue;
    bool host = rel.rfind("base/host", 0) == 0 && file.extension() == ".cpp";
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::string code = std::regex_replace(text.str(), comment, "");
    INFO(rel);
    if (!host) CHECK_FALSE(std::regex_search(code, world));
    if (!host && rel != "base/process.h") CHECK_FALSE(std::regex_search(code, spawn));
    ++files;
  }
  CHECK(files > 100);
}
