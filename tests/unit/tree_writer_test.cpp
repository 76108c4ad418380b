// The output tree writer: a first build appears in one rename, a rebuild stages only what
// changed and commits through a journal, unchanged and foreign files are never touched, and
// failures (injected) leave the previous tree exactly as it was; a commit killed half-way is
// completed by the next build.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "base/interrupt.h"
#include "emit/tree_writer.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[e.path().lexically_relative(root).generic_string()] = read_file(e.path());
  }
  return out;
}

ino_t inode(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_ino;
}

std::vector<std::string> siblings(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<OutputFile> files(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<OutputFile> out;
  for (const auto& [path, contents] : list) out.push_back({path, contents});
  return out;
}

}  // namespace

TEST_CASE("a first build writes every file and the manifest", "[writer]") {
  TempDir dir;
  WriteReport r =
      write_output_tree(dir.path / "out", files({{"a/x.tf", "x"}, {"b.yaml", "b"}}), {});
  REQUIRE(r.error.empty());
  CHECK(r.written == 2);
  CHECK(
      snapshot(dir.path / "out") ==
      std::map<std::string, std::string>{{".infrac-manifest", "infrac-output v1\na/x.tf\nb.yaml\n"},
                                         {"a/x.tf", "x"},
                                         {"b.yaml", "b"}});
  CHECK(siblings(dir.path) == std::vector<std::string>{"out"});
}

TEST_CASE("a rebuild keeps unchanged files, replaces changed ones, drops stale ones", "[writer]") {
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(write_output_tree(out, files({{"same", "1"}, {"changes", "old"}, {"stale", "s"}}), {})
              .error.empty());
  ino_t same_inode = inode(out / "same");
  // Files infrac did not write (terraform init's .terraform/, local state) are carried over.
  fs::create_directories(out / "t/.terraform");
  write_file(out / "t/.terraform/plugin", "p");
  write_file(out / "t/terraform.tfstate", "state");

  WriteReport r =
      write_output_tree(out, files({{"same", "1"}, {"changes", "new"}, {"t/main.tf", "m"}}), {});
  REQUIRE(r.error.empty());
  CHECK(r.written == 2);
  CHECK(r.unchanged == 1);
  CHECK(r.removed == 1);
  CHECK(inode(out / "same") == same_inode);
  auto tree = snapshot(out);
  CHECK(tree["changes"] == "new");
  CHECK(tree.count("stale") == 0);
  CHECK(tree["t/.terraform/plugin"] == "p");
  CHECK(tree["t/terraform.tfstate"] == "state");
  CHECK(siblings(dir.path) == std::vector<std::string>{"out"});

  SECTION("nothing changed: nothing is touched") {
    auto before = fs::last_write_time(out / ".infrac-manifest");
    WriteReport again =
        write_output_tree(out, files({{"same", "1"}, {"changes", "new"}, {"t/main.tf", "m"}}), {});
    CHECK(again.written == 0);
    CHECK(again.unchanged == 3);
    CHECK(fs::last_write_time(out / ".infrac-manifest") == before);
  }
}

TEST_CASE("a failed write leaves the previous tree byte-identical and no temporary files",
          "[writer]") {
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(write_output_tree(out, files({{"a", "1"}, {"b/c", "2"}, {"d", "3"}}), {}).error.empty());
  auto before = snapshot(out);
  // Three files are staged (a and e, then the manifest); the disk fills before each of them.
  for (std::size_t fail_after : {0u, 1u, 2u}) {
    WriteOptions options;
    options.fail_after_files = fail_after;
    options.jobs = 2;
    WriteReport r =
        write_output_tree(out, files({{"a", "changed"}, {"b/c", "2"}, {"e", "new"}}), options);
    CHECK(r.error.find("No space left") != std::string::npos);
    CHECK(snapshot(out) == before);
    CHECK(siblings(dir.path) == std::vector<std::string>{"out"});
  }
}

TEST_CASE("an interrupt stops the write and leaves the previous tree", "[writer]") {
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(write_output_tree(out, files({{"a", "1"}}), {}).error.empty());
  simulate_interrupt(SIGINT);
  WriteReport r = write_output_tree(out, files({{"a", "2"}, {"b", "3"}}), {});
  simulate_interrupt(0);
  CHECK(r.error == "interrupted");
  CHECK(snapshot(out) == std::map<std::string, std::string>{
                             {".infrac-manifest", "infrac-output v1\na\n"}, {"a", "1"}});
  CHECK(siblings(dir.path) == std::vector<std::string>{"out"});
}

TEST_CASE("infrac refuses to replace a directory it did not write", "[writer]") {
  TempDir dir;
  write_file(dir.path / "src/main.cpp", "int main() {}");
  WriteReport r = write_output_tree(dir.path / "src", files({{"a", "1"}}), {});
  CHECK(r.refused);
  CHECK(read_file(dir.path / "src/main.cpp") == "int main() {}");
  CHECK(!fs::exists(dir.path / "src/a"));

  SECTION("an empty directory is fine") {
    fs::create_directories(dir.path / "empty");
    CHECK(write_output_tree(dir.path / "empty", files({{"a", "1"}}), {}).error.empty());
  }
}

TEST_CASE("a build that owns only some targets keeps infrac's other files", "[writer]") {
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(write_output_tree(
              out, files({{"terraform/dev/a/main.tf", "a"}, {"terraform/dev/b/main.tf", "b"}}), {})
              .error.empty());
  WriteOptions options;
  options.owns = [](const std::string& p) { return p.rfind("terraform/dev/a/", 0) == 0; };
  WriteReport r = write_output_tree(out, files({{"terraform/dev/a/main.tf", "a2"}}), options);
  REQUIRE(r.error.empty());
  CHECK(r.removed == 0);
  auto tree = snapshot(out);
  CHECK(tree["terraform/dev/a/main.tf"] == "a2");
  CHECK(tree["terraform/dev/b/main.tf"] == "b");
  CHECK(tree[".infrac-manifest"] ==
        "infrac-output v1\nterraform/dev/a/main.tf\nterraform/dev/b/main.tf\n");
}

TEST_CASE("a commit killed half-way is completed by the next build", "[writer]") {
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(
      write_output_tree(out, files({{"a", "1"}, {"gone/x", "x"}, {"b/c", "2"}}), {}).error.empty());
  auto wanted = files({{"a", "changed"}, {"b/c", "2"}, {"new/d", "4"}});
  // Journal: del gone/x, put a, put new/d, put .infrac-manifest. Killed after each step.
  for (std::size_t moves : {0u, 1u, 2u, 3u}) {
    TempDir copy;
    fs::copy(dir.path, copy.path, fs::copy_options::recursive);
    fs::path copied = copy.path / "out";
    WriteOptions crash;
    crash.crash_after_moves = moves;
    WriteReport killed = write_output_tree(copied, wanted, crash);
    CHECK(killed.error.find("simulated crash") != std::string::npos);
    CHECK(fs::exists(copy.path / ".out.infrac-journal"));
    // The next build (here: the same files) completes the first, then finds nothing to do.
    WriteReport next = write_output_tree(copied, wanted, {});
    INFO(moves << ": " << next.error);
    REQUIRE(next.error.empty());
    CHECK(next.written == 0);
    CHECK(snapshot(copied) == std::map<std::string, std::string>{
                                  {".infrac-manifest", "infrac-output v1\na\nb/c\nnew/d\n"},
                                  {"a", "changed"},
                                  {"b/c", "2"},
                                  {"new/d", "4"}});
    CHECK(!fs::exists(copied / "gone"));  // the emptied folder went with its file
    CHECK(siblings(copy.path) == std::vector<std::string>{"out"});
  }
}

TEST_CASE("streamed files from many threads make the same tree as one call", "[writer]") {
  TempDir dir;
  std::vector<OutputFile> all;
  for (int i = 0; i < 200; ++i)
    all.push_back({"t/" + std::to_string(i % 7) + "/f" + std::to_string(i), std::to_string(i)});
  REQUIRE(write_output_tree(dir.path / "one", all, {}).error.empty());
  {
    TreeWriter writer(dir.path / "streamed", {});
    REQUIRE(writer.error().empty());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = static_cast<std::size_t>(t); i < all.size(); i += 4)
          writer.add({all[i]});
      });
    }
    for (auto& th : threads) th.join();
    REQUIRE(writer.commit().error.empty());
  }
  CHECK(snapshot(dir.path / "one") == snapshot(dir.path / "streamed"));
  // An abandoned writer (a build that found errors) leaves nothing behind.
  {
    TreeWriter writer(dir.path / "streamed", {});
    writer.add({{"t/0/f0", "changed"}});
  }
  CHECK(read_file(dir.path / "streamed/t/0/f0") == "0");
  CHECK(siblings(dir.path) == std::vector<std::string>{"one", "streamed"});
}
