// Ctrl-C and SIGTERM: the first one asks the run to stop at the next safe point (a target
// boundary, or a file of the output tree), so the previous output stays as it was and the
// staging tree is removed; the process then exits 128 + the signal. A second one kills.
// Tested by tests/unit/tree_writer_test.cpp and tests/cli/build_test.cpp.
#pragma once

namespace infrac {

void install_interrupt_handlers();
bool interrupted();
int interrupt_signal();  // the signal received, or 0
// For tests: behave as if `signal` had arrived (0 clears).
void simulate_interrupt(int signal);

}  // namespace infrac
