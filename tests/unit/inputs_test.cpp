// base/inputs.h: what a compile reads is recorded, re-read the same, and compared path by path.
#include <catch2/catch.hpp>

#include "base/inputs.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

TEST_CASE("inputs: reads and listings are recorded and restated as the disk has them", "[inputs]") {
  TempDir dir;
  write_file(dir.path / "infrac.yaml", "project: {}\n");
  write_file(dir.path / "services/a/service.yaml", "service: a\n");
  Inputs inputs(dir.path);
  CHECK(inputs.read(dir.path / "infrac.yaml", 1 << 20).text == "project: {}\n");
  auto entries = inputs.list(dir.path / "services");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].name == "a");
  CHECK(entries[0].is_dir);
  CHECK_FALSE(inputs.read(dir.path / "missing.yaml", 1 << 20).text);
  CHECK(inputs.list(dir.path / "nowhere").empty());
  InputRecord record = inputs.record();
  CHECK(record.size() == 4);
  CHECK(record.at("missing.yaml") == "f absent");
  CHECK(record.at("nowhere/") == "d absent");
  CHECK(record.at("services/") == "d\ta/");
  // Nothing changed: the disk restates the same record.
  CHECK(restate_inputs(real_host(), dir.path, record) == record);
  CHECK(changed_input_paths(record, restate_inputs(real_host(), dir.path, record)).empty());

  // A file edited, a folder added, a file that was absent created.
  write_file(dir.path / "infrac.yaml", "project: {name: x}\n");
  write_file(dir.path / "services/b/service.yaml", "service: b\n");
  write_file(dir.path / "missing.yaml", "now here\n");
  CHECK(changed_input_paths(record, restate_inputs(real_host(), dir.path, record)) ==
        std::vector<std::string>{"infrac.yaml", "missing.yaml", "services/b"});
}

TEST_CASE("inputs: a file over the reading cap is hashed whole, so its change is seen",
          "[inputs]") {
  TempDir dir;
  std::string big(3 << 20, 'x');
  write_file(dir.path / "big.yaml", big);
  Inputs inputs(dir.path);
  ReadResult r = inputs.read(dir.path / "big.yaml", 1 << 20);
  CHECK(r.too_large);
  InputRecord record = inputs.record();
  big[2 << 20] = 'y';  // same size, one byte past the cap differs
  write_file(dir.path / "big.yaml", big);
  CHECK(changed_input_paths(record, restate_inputs(real_host(), dir.path, record)) ==
        std::vector<std::string>{"big.yaml"});
  // The state read in memory equals the state hashed from disk for the same bytes.
  Inputs small(dir.path);
  write_file(dir.path / "s.yaml", "abc");
  small.read(dir.path / "s.yaml", 1 << 20);
  CHECK(small.record().at("s.yaml") == current_input_state(real_host(), dir.path, "s.yaml"));
}

TEST_CASE("inputs: records of two trees compare by path; persisted lines round-trip", "[inputs]") {
  InputRecord base = {{"infrac.yaml", "f 1 1"},
                      {"platform/policies/", "d\torg.yaml"},
                      {"platform/policies/org.yaml", "f 2 2"}};
  InputRecord head = {{"infrac.yaml", "f 1 1"},
                      {"platform/policies/", "d\torg.yaml\tmore.yaml"},
                      {"platform/policies/org.yaml", "f 3 3"},
                      {"platform/policies/more.yaml", "f 4 4"}};
  CHECK(changed_input_paths(base, head) ==
        std::vector<std::string>{"platform/policies/more.yaml", "platform/policies/org.yaml"});
  // Read by one side only: every entry of the folder it listed counts.
  CHECK(changed_input_paths({}, {{"p/", "d\tx.yaml\tsub/"}}) ==
        std::vector<std::string>{"p/sub", "p/x.yaml"});
  for (const std::string key : {"a\tb/c", "50%/x", "line\nbreak"}) {
    std::string line = input_line(key, "f 1 2"), k, state;
    CHECK(line.find('\n') == std::string::npos);
    REQUIRE(parse_input_line(line, k, state));
    CHECK(k == key);
    CHECK(state == "f 1 2");
  }
}
