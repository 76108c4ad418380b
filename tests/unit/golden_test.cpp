// Golden tests: the resolved model of examples/acme and of the txtar cases in tests/golden/.
// INFRAC_UPDATE=1 rewrites the expected files; review the diff before committing it.
#include <catch2/catch.hpp>

#include "pipeline/dump.h"
#include "pipeline/compile.h"
#include "support.h"

using namespace infrac;
namespace fs = std::filesystem;

TEST_CASE("examples/acme resolves to the reviewed model") {
  CompileOptions options;
  options.root = test::source_dir() / "examples/acme";
  auto c = compile(options);
  INFO(c->diagnostics.size());
  REQUIRE(c->model);
  std::string dump = dump_model(*c->model, c->selected, c->files).dump(2) + "\n";
  CHECK(test::matches_golden(test::source_dir() / "tests/golden/acme.resolve.json", dump));
}

TEST_CASE("the model does not depend on key order, file order or thread count") {
  test::TempDir dir;
  fs::copy(test::source_dir() / "examples/acme", dir.path, fs::copy_options::recursive);
  // Reverse the order of the keys of every top-level mapping in each service file by
  // rewriting 'spec' and 'metadata' blocks' order: move 'metadata' after 'spec'.
  for (const auto& entry : fs::directory_iterator(dir.path / "services")) {
    fs::path file = entry.path() / "service.yaml";
    std::string text = test::read_file(file);
    auto meta = text.find("metadata:\n");
    auto spec = text.find("spec:\n");
    auto envs = text.find("environments:\n");
    std::string head = text.substr(0, meta);
    std::string metadata = text.substr(meta, spec - meta);
    std::string spec_block =
        text.substr(spec, (envs == std::string::npos ? text.size() : envs) - spec);
    std::string rest = envs == std::string::npos ? "" : text.substr(envs);
    test::write_file(file, head + rest + spec_block + metadata);
  }
  auto dump_with = [&](const fs::path& root, unsigned jobs) {
    CompileOptions options;
    options.root = root;
    options.jobs = jobs;
    auto c = compile(options);
    REQUIRE(c->model);
    return dump_model(*c->model, c->selected, c->files).dump(2);
  };
  std::string reference = dump_with(test::source_dir() / "examples/acme", 1);
  std::string shuffled = dump_with(dir.path, 4);
  // Locations differ (lines moved); compare everything but the "at" fields.
  auto strip = [](std::string s) {
    std::string out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"at\":") == std::string::npos) out += line + "\n";
    }
    return out;
  };
  CHECK(strip(reference) == strip(shuffled));
  CHECK(reference == dump_with(test::source_dir() / "examples/acme", 8));
}
