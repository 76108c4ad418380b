// Running another program (terraform, kubectl) without a shell: argv as given, found on PATH,
// the environment inherited plus what the caller adds. Output is inherited (the user sees
// terraform's and kubectl's own progress) or captured.
// Library code runs programs through its host (Host::run_process, base/host.h); only driver/
// and real_host() call run_process itself (base/host_process.cpp).
// Tested by tests/unit/process_test.cpp and, through `infrac ci` and the operator commands,
// tests/cli/delivery_cli_test.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace infrac {

struct ProcessOptions {
  bool capture_stdout = false;             // else inherited
  bool stdout_to_stderr = false;           // inherited stdout goes to our stderr instead
  std::map<std::string, std::string> env;  // set on top of the inherited environment
  bool discard_stderr = false;             // its stderr goes to /dev/null (a probe's "no")
};

struct ProcessResult {
  int exit_code = -1;  // -1: could not start (error says why); 128+N: killed by signal N
  std::string out;     // captured standard output
  std::string error;   // why it could not start
  // The captured output without its trailing newlines and blanks (a one-line answer).
  std::string text() const;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// argv as one line a user can paste into a shell (each argument quoted when it needs it).
std::string shell_line(const std::vector<std::string>& argv);

}  // namespace infrac
