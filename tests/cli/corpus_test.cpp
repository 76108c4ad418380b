// The invalid-spec corpus: each tests/corpus/invalid/*.txtar is laid over the valid repository
// in tests/corpus/base, and `infrac check` must exit 1 reporting exactly the expected errors
// (code, file, line, column), in the JSON form and in the text form.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

TEST_CASE("the valid base repository of the corpus checks clean", "[cli]") {
  CommandResult r = run_infrac("check --root " + (source_dir() / "tests/corpus/base").string());
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("every invalid spec of the corpus fails with its expected diagnostics", "[cli]") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/corpus/invalid")) {
    if (entry.path().extension() == ".txtar") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 40);
  for (const auto& path : cases) {
    DYNAMIC_SECTION(path.filename().string()) {
      Txtar txtar = parse_txtar(read_file(path));
      std::multiset<std::string> expected;
      for (const auto& comment : txtar.comments) {
        if (comment.starts_with("expect: ")) expected.insert(comment.substr(8));
      }
      REQUIRE(!expected.empty());
      TempDir dir;
      fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
      for (const auto& [file, contents] : txtar.files) write_file(dir.path / file, contents);

      CommandResult json_run = run_infrac("check --format json --root " + dir.path.string());
      INFO(json_run.out << json_run.err);
      CHECK(json_run.exit_code == 1);
      auto report = nlohmann::json::parse(json_run.out);
      CHECK(report["version"] == 1);
      std::multiset<std::string> actual;
      for (const auto& d : report["diagnostics"]) {
        if (d["severity"] != "error") continue;
        actual.insert(d["code"].get<std::string>() + " " + d["file"].get<std::string>() + ":" +
                      std::to_string(d["line"].get<int>()) + ":" +
                      std::to_string(d["column"].get<int>()));
      }
      CHECK(actual == expected);

      CommandResult text_run = run_infrac("check --root " + dir.path.string());
      CHECK(text_run.exit_code == 1);
      for (const auto& e : expected) {
        std::string code = e.substr(0, e.find(' '));
        std::string where = e.substr(e.find(' ') + 1);
        CHECK(text_run.err.find(where + ": error[" + code + "]") != std::string::npos);
      }
    }
  }
}
