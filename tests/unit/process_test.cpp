// base/process.h: exit codes, captured output, added environment, a program that is not
// there, and shell_line's quoting.
#include <catch2/catch.hpp>

#include "base/process.h"

using namespace infrac;

TEST_CASE("process: exit code, captured output and environment", "[process]") {
  ProcessOptions capture;
  capture.capture_stdout = true;
  capture.env["INFRAC_PROCESS_TEST"] = "a b";
  ProcessResult r =
      run_process({"sh", "-c", "printf '%s' \"$INFRAC_PROCESS_TEST\"; exit 3"}, capture);
  CHECK(r.exit_code == 3);
  CHECK(r.out == "a b");
  CHECK(run_process({"printf", "x y \\n\\n"}, capture).text() == "x y");
  ProcessResult ok = run_process({"true"});
  CHECK(ok.exit_code == 0);
  ProcessResult missing = run_process({"infrac-no-such-program-here"});
  CHECK(missing.exit_code == -1);
  CHECK(missing.error.find("infrac-no-such-program-here") != std::string::npos);
  ProcessResult killed = run_process({"sh", "-c", "kill -TERM $$"});
  CHECK(killed.exit_code == 128 + 15);
}

TEST_CASE("process: shell_line quotes what a shell would split or expand", "[process]") {
  CHECK(shell_line({"kubectl", "--context", "prod", "-l", "a=b,c!=d"}) ==
        "kubectl --context prod -l 'a=b,c!=d'");
  CHECK(shell_line({"sh", "-c", "echo it's"}) == "sh -c 'echo it'\\''s'");
  CHECK(shell_line({""}) == "''");
}
