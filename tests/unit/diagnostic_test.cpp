// Tests base/diagnostic.cpp, base/did_you_mean.cpp and report/diagnostic_render.cpp: the text
// format is pinned to the byte, and docs/diagnostics.md lists exactly the table's codes.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "base/did_you_mean.h"
#include "report/diagnostic_render.h"
#include "support.h"

using namespace infrac;

TEST_CASE("the text format quotes the line and underlines the span") {
  SourceFiles files;
  FileId id = files.add("services/payments/service.yaml", "spec:\n  dependencies:\n    - userz\n");
  Diagnostic d{DiagCode::kUnknownService,
               Severity::Error,
               Location{id, 3, 7, 5},
               "unknown service 'userz'",
               {},
               "did you mean 'users'?"};
  CHECK(render_text(d, files) ==
        "services/payments/service.yaml:3:7: error[E0102]: unknown service 'userz'\n"
        "    3 |     - userz\n"
        "      |       ^~~~~\n"
        "help: did you mean 'users'?\n");
}

TEST_CASE("notes at other places are quoted too; tabs keep the caret aligned") {
  SourceFiles files;
  FileId id = files.add("a.yaml", "a: 1\n\tb: 2\n");
  Diagnostic d{DiagCode::kDuplicateKey,
               Severity::Error,
               Location{id, 2, 2, 1},
               "duplicate key 'b'",
               {{Location{id, 1, 1, 1}, "first defined here"}},
               ""};
  CHECK(render_text(d, files) ==
        "a.yaml:2:2: error[E0006]: duplicate key 'b'\n"
        "    2 | \tb: 2\n"
        "      | \t^\n"
        "note: a.yaml:1:1: first defined here\n"
        "    1 | a: 1\n"
        "      | ^\n");
}

TEST_CASE("diagnostics sort by file, line, column and drop exact repeats") {
  SourceFiles files;
  FileId b = files.add("b.yaml", "x\n");
  FileId a = files.add("a.yaml", "x\ny\n");
  Diagnostics sink;
  sink.add(DiagCode::kWrongType, Location{b, 1, 1, 1}, "m");
  sink.add(DiagCode::kWrongType, Location{a, 2, 1, 1}, "m");
  sink.add(DiagCode::kWrongType, Location{a, 1, 3, 1}, "m");
  sink.add(DiagCode::kWrongType, Location{a, 2, 1, 1}, "m");
  auto sorted = sink.sorted(files);
  REQUIRE(sorted.size() == 3);
  CHECK(files.path(sorted[0].location.file) == "a.yaml");
  CHECK(sorted[0].location.line == 1);
  CHECK(sorted[1].location.line == 2);
  CHECK(files.path(sorted[2].location.file) == "b.yaml");
}

TEST_CASE("did you mean: close names only") {
  std::vector<std::string_view> fields = {"replicas", "resources", "command", "consumes"};
  CHECK(did_you_mean("replica", fields) == "did you mean 'replicas'?");
  CHECK(did_you_mean("comand", fields) == "did you mean 'command'?");
  CHECK(did_you_mean("consmues", fields) == "did you mean 'consumes'?");
  CHECK(did_you_mean("zzz", fields).empty());
  CHECK(edit_distance("tema", "team") == 1);
  CHECK(did_you_mean(std::string(10000, 'a'), fields).empty());
}

TEST_CASE("docs/diagnostics.md holds the table of diagnostic_codes.def, row for row") {
  std::string doc = test::read_file(test::source_dir() / "docs/diagnostics.md");
  std::string table = diagnostic_table_markdown();
  CHECK(doc.find(table) != std::string::npos);
  std::set<std::string> documented;
  std::regex row(R"(\| `([EW][0-9]{4})` \|)");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it) {
    documented.insert((*it)[1]);
  }
  CHECK(documented.size() == all_diag_codes().size());
  for (const auto& info : all_diag_codes()) CHECK(!info.fix.empty());
}
