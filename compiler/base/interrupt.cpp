#include "base/interrupt.h"

#include <atomic>
#include <csignal>

namespace infrac {
namespace {

std::atomic<int> received{0};

extern "C" void on_signal(int signal) {
  received.store(signal);
  std::signal(signal, SIG_DFL);  // a second Ctrl-C stops at once
}

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() {
  return received.load(std::memory_order_relaxed) != 0;
}
int interrupt_signal() {
  return received.load();
}
void simulate_interrupt(int signal) {
  received.store(signal);
}

}  // namespace infrac
