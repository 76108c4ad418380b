// Tests per stage, as data and in process: each tests/corpus/stages/<stage>/*.txtar lays its
// files over tests/corpus/base, runs the pipeline to that stage with compile() and compares
// the stage's result with the case's `-- want --` section:
//   resolve/  the meaning model of the `# target:` lines (the --dump resolve JSON)
//   lower/    the target IR of each `# target:` as flattened items (address, path = value),
//             independent of the printers
//   plan/     the plan JSON of base -> head: files under base/ or head/ apply to that side only
// INFRAC_UPDATE=1 rewrites the want sections; review the diff before committing. A mismatch
// prints a unified diff. Each stage has a floor of cases, so an emptied corpus fails.
#include <catch2/catch.hpp>

#include <algorithm>

#include "pipeline/compile.h"
#include "pipeline/dump.h"
#include "pipeline/plan_sides.h"
#include "plan/items.h"
#include "plan/render.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

struct StageCase {
  fs::path path;
  Txtar txtar;
  std::vector<std::string> targets;  // "# target: env/service"
};

std::vector<StageCase> cases_of(const std::string& stage) {
  std::vector<StageCase> out;
  fs::path dir = source_dir() / "tests/corpus/stages" / stage;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".txtar") continue;
    StageCase c{e.path(), parse_txtar(read_file(e.path())), {}};
    for (const auto& comment : c.txtar.comments) {
      if (comment.starts_with("target: ")) c.targets.push_back(comment.substr(8));
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const StageCase& a, const StageCase& b) { return a.path < b.path; });
  return out;
}

// The base repository with the case's files over it; `side` picks base/ or head/ files.
void lay_out(const StageCase& c, const fs::path& root, const std::string& side) {
  fs::copy(source_dir() / "tests/corpus/base", root, fs::copy_options::recursive);
  for (const auto& [name, contents] : c.txtar.files) {
    if (name == "want") continue;
    std::string file = name;
    if (name.starts_with("base/") || name.starts_with("head/")) {
      if (!name.starts_with(side + "/")) continue;
      file = name.substr(5);
    }
    if (contents == "(deleted)\n") {
      fs::remove_all(root / file);
    } else {
      write_file(root / file, contents);
    }
  }
}

// Compares with the case's want section, or rewrites it under INFRAC_UPDATE=1.
bool check_want(const StageCase& c, const std::string& actual) {
  const char* update = std::getenv("INFRAC_UPDATE");
  if (update && std::string(update) == "1") {
    std::string text = read_file(c.path);
    std::size_t at = text.find("\n-- want --\n");
    text = (at == std::string::npos ? text : text.substr(0, at + 1)) + "-- want --\n" + actual;
    write_file(c.path, text);
    return true;
  }
  auto want = c.txtar.files.find("want");
  if (want == c.txtar.files.end()) return false;
  return matches_expected(c.path.lexically_relative(source_dir()).generic_string(), want->second,
                          actual);
}

std::string diagnostics_text(const Compilation& c) {
  std::string out;
  for (const auto& d : c.diagnostics.sorted(c.files)) out += d.message + "\n";
  return out;
}

std::string items_text(const Items& items) {
  std::string out;
  for (const auto& [address, item] : items) {
    out += address + " (" + item.kind + ")\n";
    for (const auto& [path, leaf] : item.leaves) out += "  " + path + " = " + leaf.value + "\n";
  }
  return out;
}

// The case laid over the base repository in `dir`, compiled through `stage`.
std::unique_ptr<Compilation> compile_case(const StageCase& c, const TempDir& dir, Stage stage) {
  lay_out(c, dir.path, "head");
  CompileOptions options;
  options.root = dir.path;
  options.stop_after = stage;
  return compile(options);
}

}  // namespace

TEST_CASE("stage corpus: resolve", "[stages]") {
  auto cases = cases_of("resolve");
  REQUIRE(cases.size() >= 3);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.path.filename().string()) {
      REQUIRE(!c.targets.empty());
      TempDir dir;
      auto compilation = compile_case(c, dir, Stage::Resolve);
      INFO(diagnostics_text(*compilation));
      REQUIRE(compilation->model);
      auto dump = dump_model(*compilation->model, compilation->selected, compilation->files);
      auto picked = nlohmann::ordered_json::array();
      for (const auto& t : dump["targets"]) {
        if (std::find(c.targets.begin(), c.targets.end(), t["target"]) != c.targets.end())
          picked.push_back(t);
      }
      REQUIRE(picked.size() == c.targets.size());
      CHECK(check_want(c, picked.dump(2) + "\n"));
    }
  }
}

TEST_CASE("stage corpus: lower", "[stages]") {
  auto cases = cases_of("lower");
  REQUIRE(cases.size() >= 3);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.path.filename().string()) {
      REQUIRE(!c.targets.empty());
      TempDir dir;
      auto compilation = compile_case(c, dir, Stage::Lower);
      INFO(diagnostics_text(*compilation));
      REQUIRE(!compilation->diagnostics.has_errors());
      std::string out;
      for (const auto& id : c.targets) {
        auto ir = compilation->target_irs.find(id);
        REQUIRE(ir != compilation->target_irs.end());
        out += "== " + id + " terraform\n" + items_text(terraform_items(ir->second.terraform));
        out += "== " + id + " kubernetes\n" + items_text(kubernetes_items(ir->second.kubernetes));
      }
      CHECK(check_want(c, out));
    }
  }
}

TEST_CASE("stage corpus: plan", "[stages]") {
  auto cases = cases_of("plan");
  REQUIRE(cases.size() >= 3);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.path.filename().string()) {
      TempDir dir;
      lay_out(c, dir.path / "base", "base");
      lay_out(c, dir.path / "head", "head");
      PlanSidesOptions options;
      options.base_root = dir.path / "base";
      options.head_root = dir.path / "head";
      options.envs = {};
      PlanSides sides = compile_plan_sides(options);
      INFO(diagnostics_text(*sides.base) << diagnostics_text(*sides.head));
      REQUIRE(sides.base->model);
      REQUIRE(sides.head->model);
      Plan plan = diff_sides(
          {plan_side(*sides.base), plan_side(*sides.head), std::move(sides.changed_inputs)});
      CHECK(check_want(c, plan_json(plan, sides.head->files, {}).dump(2) + "\n"));
    }
  }
}
