// The infrac binary: argv and the process environment in, an exit code out.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "base/interrupt.h"
#include "driver/commands.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  bool allowed = !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0);
  bool color = allowed && ::isatty(STDERR_FILENO);
  bool out_color = allowed && ::isatty(STDOUT_FILENO);
  infrac::install_interrupt_handlers();
  try {
    int code = infrac::run_cli(argc, argv, infrac::Io{std::cout, std::cerr, color, out_color});
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    // A broken internal invariant: never exit 0 or 2 for it (cli.md).
    std::cerr << "infrac: internal error: " << e.what() << "\n";
    return 1;
  }
}
