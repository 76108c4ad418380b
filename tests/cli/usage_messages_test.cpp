// What a mistyped command line answers: the nearest command, flag or format, named, with exit
// 2; and what is forgiven (a diagnostic code in lower case).
#include <catch2/catch.hpp>

#include "../unit/support.h"

using namespace infrac::test;

namespace {
std::string acme() {
  return (source_dir() / "examples/acme").string();
}
}  // namespace

TEST_CASE("usage: a misspelt command suggests the nearest, in help too", "[cli]") {
  CommandResult run = run_infrac("chek");
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("infrac: error: unknown command 'chek'\nhelp: did you mean 'check'?") == 0);

  CommandResult help = run_infrac("help plann");
  CHECK(help.exit_code == 2);
  CHECK(help.out.empty());
  CHECK(help.err.find("infrac: error: no command 'plann'\nhelp: did you mean 'plan'? commands: ") ==
        0);

  CommandResult known = run_infrac("help plan");
  CHECK(known.exit_code == 0);
  CHECK(known.out.find("--fail-on") != std::string::npos);
  CHECK(known.out.find("Exit codes:") != std::string::npos);
}

TEST_CASE("usage: a mistyped flag names the nearest flag of its command", "[cli]") {
  CommandResult r = run_infrac("check --fromat json --root " + acme());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "infrac: error: check has no option '--fromat'\n"
        "help: did you mean '--format'? `infrac check --help` lists its options\n");

  // A subcommand's own flag, and the = form.
  CommandResult plan = run_infrac("plan --base main --detailed-exitcod");
  CHECK(plan.exit_code == 2);
  CHECK(plan.err.find("plan has no option '--detailed-exitcod'\nhelp: did you mean "
                      "'--detailed-exitcode'?") != std::string::npos);
  CommandResult equals = run_infrac("ci targets --bsae=main");
  CHECK(equals.exit_code == 2);
  CHECK(equals.err.find("ci targets has no option '--bsae'\nhelp: did you mean '--base'?") !=
        std::string::npos);

  // Nothing near: no guess, still the way to the list.
  CommandResult far = run_infrac("graph --zzzzzz");
  CHECK(far.exit_code == 2);
  CHECK(far.err ==
        "infrac: error: graph has no option '--zzzzzz'\n"
        "help: `infrac graph --help` lists its options\n");
}

TEST_CASE("usage: explain takes a diagnostic code in any case", "[cli]") {
  CommandResult upper = run_infrac("explain E0141");
  CommandResult lower = run_infrac("explain e0141");
  CHECK(upper.exit_code == 0);
  CHECK(lower.exit_code == 0);
  CHECK(lower.out == upper.out);
  CHECK(lower.out.rfind("E0141 ", 0) == 0);
  // A rule id too.
  CommandResult rule = run_infrac("explain Reliability.Prod-Replicas --root " + acme());
  CHECK(rule.exit_code == 0);
  CHECK(rule.out.rfind("reliability.prod-replicas ", 0) == 0);
}

TEST_CASE("usage: --format is checked against the formats of its command", "[cli]") {
  CommandResult check = run_infrac("check --format mermaid --root " + acme());
  CHECK(check.exit_code == 2);
  CHECK(check.out.empty());
  CHECK(check.err ==
        "infrac: error: --format mermaid: check writes text, json, sarif, github or junit\n");

  CommandResult near = run_infrac("plan --base main --format jsno --root " + acme());
  CHECK(near.exit_code == 2);
  CHECK(near.err ==
        "infrac: error: --format jsno: plan writes text, json or markdown\n"
        "help: did you mean 'json'?\n");

  // Each command's own list and default.
  CHECK(run_infrac("build --format dot --root " + acme()).exit_code == 2);
  CHECK(run_infrac("graph --format text --root " + acme()).exit_code == 2);
  CHECK(run_infrac("ci targets --base main --format text --root " + acme()).exit_code == 2);
  CHECK(run_infrac("inventory --format mermaid " + acme()).exit_code == 2);
  CHECK(run_infrac("import --format markdown x.yaml --root " + acme()).exit_code == 2);
  CommandResult graph = run_infrac("graph --root " + acme(), "INFRAC_NOW=2026-11-22");
  CHECK(graph.exit_code == 0);
  CHECK(graph.out.rfind("graph LR\n", 0) == 0);  // mermaid, graph's default
  CommandResult dot = run_infrac("graph --format dot --root " + acme(), "INFRAC_NOW=2026-11-22");
  CHECK(dot.out.rfind("digraph infrac {", 0) == 0);
}
