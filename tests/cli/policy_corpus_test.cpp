// The policy corpus: each tests/corpus/policy/*.txtar is laid over tests/corpus/base (an empty
// section removes that file) and `infrac check` must report exactly the expected findings
// (rule, file:line:col, target, waived) and diagnostics, in every output format; `message:`
// and `help:` lines ("rule text") are what a finding of the rule must say.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

struct Expected {
  std::multiset<std::string> findings;  // "rule file:line:col target[ waived][ @generated address]"
  std::multiset<std::string> diagnostics;  // "code file:line:col"
  std::set<std::string> messages, helps;   // "rule text": what a finding of the rule says
  std::string now = "2026-11-22";
};

Expected expectations(const Txtar& txtar) {
  Expected e;
  for (const auto& c : txtar.comments) {
    if (c.starts_with("finding: ")) e.findings.insert(c.substr(9));
    if (c.starts_with("expect: ")) e.diagnostics.insert(c.substr(8));
    if (c.starts_with("now: ")) e.now = c.substr(5);
    if (c.starts_with("message: ")) e.messages.insert(c.substr(9));
    if (c.starts_with("help: ")) e.helps.insert(c.substr(6));
  }
  return e;
}

}  // namespace

TEST_CASE("every policy case reports exactly its findings, in every format", "[cli]") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/corpus/policy")) {
    if (entry.path().extension() == ".txtar") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 30);
  for (const auto& path : cases) {
    DYNAMIC_SECTION(path.filename().string()) {
      Txtar txtar = parse_txtar(read_file(path));
      Expected expected = expectations(txtar);
      REQUIRE((!expected.findings.empty() || !expected.diagnostics.empty()));
      TempDir dir;
      fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
      for (const auto& [file, contents] : txtar.files) {
        if (contents.empty()) {
          fs::remove_all((dir.path / file).parent_path());
        } else {
          write_file(dir.path / file, contents);
        }
      }
      std::string env = "INFRAC_NOW=" + expected.now;
      std::string root = " --root " + dir.path.string();

      CommandResult json_run = run_infrac("check --format json" + root, env);
      INFO(json_run.out << json_run.err);
      auto report = nlohmann::json::parse(json_run.out);
      std::multiset<std::string> findings, diagnostics;
      std::set<std::string> messages, helps;
      bool failing = false;
      for (const auto& v : report["violations"]) {
        messages.insert(v["rule"].get<std::string>() + " " + v["message"].get<std::string>());
        helps.insert(v["rule"].get<std::string>() + " " + v["help"].get<std::string>());
        findings.insert(
            v["rule"].get<std::string>() + " " + v["file"].get<std::string>() + ":" +
            std::to_string(v["line"].get<int>()) + ":" + std::to_string(v["column"].get<int>()) +
            " " + v["target"].get<std::string>() + (v["waived"].get<bool>() ? " waived" : "") +
            (v.contains("address") ? " @" + v["address"].get<std::string>() : ""));
        failing = failing || (!v["waived"].get<bool>() && v["severity"] == "error");
      }
      for (const auto& d : report["diagnostics"]) {
        diagnostics.insert(d["code"].get<std::string>() + " " + d["file"].get<std::string>() + ":" +
                           std::to_string(d["line"].get<int>()) + ":" +
                           std::to_string(d["column"].get<int>()));
        failing = failing || d["severity"] == "error";
      }
      CHECK(findings == expected.findings);
      CHECK(diagnostics == expected.diagnostics);
      for (const auto& m : expected.messages) CHECK(messages.count(m) == 1);
      for (const auto& h : expected.helps) CHECK(helps.count(h) == 1);
      CHECK(json_run.exit_code == (failing ? 1 : 0));

      CommandResult text = run_infrac("check" + root, env);
      CHECK(text.exit_code == json_run.exit_code);
      for (const auto& f : expected.findings) {
        std::string rule = f.substr(0, f.find(' '));
        std::string rest = f.substr(f.find(' ') + 1);
        std::string where = rest.substr(0, rest.find(' '));
        CHECK(text.err.find(where + ": ") != std::string::npos);
        CHECK(text.err.find("[" + rule + "]") != std::string::npos);
      }
      for (const auto& d : expected.diagnostics) {
        std::string code = d.substr(0, d.find(' '));
        CHECK(text.err.find(d.substr(d.find(' ') + 1) + ": ") != std::string::npos);
        CHECK(text.err.find("[" + code + "]") != std::string::npos);
      }

      CommandResult sarif_run = run_infrac("check --format sarif" + root, env);
      CHECK(sarif_run.exit_code == json_run.exit_code);
      auto sarif = nlohmann::json::parse(sarif_run.out);
      std::multiset<std::string> sarif_findings;
      for (const auto& r : sarif["runs"][0]["results"]) {
        const auto& region = r["locations"][0]["physicalLocation"];
        std::string where = region["artifactLocation"]["uri"].get<std::string>() + ":" +
                            std::to_string(region["region"]["startLine"].get<int>()) + ":" +
                            std::to_string(region["region"]["startColumn"].get<int>());
        sarif_findings.insert(r["ruleId"].get<std::string>() + " " + where);
      }
      for (const auto& f : expected.findings) {
        std::string rule = f.substr(0, f.find(' '));
        std::string rest = f.substr(f.find(' ') + 1);
        CHECK(sarif_findings.count(rule + " " + rest.substr(0, rest.find(' '))) > 0);
      }

      CommandResult github =
          run_infrac("check --format github" + root, env + " GITHUB_STEP_SUMMARY=");
      CHECK(github.exit_code == json_run.exit_code);
      for (const auto& f : expected.findings) {
        if (f.ends_with(" waived")) continue;
        std::string rule = f.substr(0, f.find(' '));
        std::string rest = f.substr(f.find(' ') + 1);
        std::string where = rest.substr(0, rest.find(' '));
        std::string file = where.substr(0, where.find(':'));
        std::string line =
            where.substr(where.find(':') + 1, where.rfind(':') - where.find(':') - 1);
        CHECK(github.out.find("file=" + file + ",line=" + line + ",") != std::string::npos);
        CHECK(github.out.find("title=" + rule + "::") != std::string::npos);
      }

      CommandResult junit = run_infrac("check --format junit" + root, env);
      CHECK(junit.exit_code == json_run.exit_code);
      for (const auto& f : expected.findings) {
        std::string rule = f.substr(0, f.find(' '));
        std::string rest = f.substr(f.find(' ') + 1);
        std::string where = rest.substr(0, rest.find(' '));
        std::string target = rest.substr(rest.find(' ') + 1,
                                         rest.find(' ', rest.find(' ') + 1) - rest.find(' ') - 1);
        CHECK(junit.out.find(rule + " " + target + " " + where) != std::string::npos);
      }
    }
  }
}
