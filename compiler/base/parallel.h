// A parallel loop for per-file and per-target work. Results are written by index, so the
// outcome never depends on which thread ran what. A body that throws stops the loop (no new
// index starts) and the exception of the lowest index that threw reaches the caller once
// every thread has joined, as a sequential loop would report it, never std::terminate.
// Tested by tests/unit/parallel_test.cpp.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace infrac {

inline unsigned default_jobs() {
  return std::max(1u, std::thread::hardware_concurrency());
}

inline void parallel_for(std::size_t count, unsigned jobs,
                         const std::function<void(std::size_t)>& body) {
  jobs = std::max(1u,
                  std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  if (jobs == 1 || count < 2) {
    for (std::size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::size_t failed_at = count;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (i < failed_at) {
          failed_at = i;
          failure = std::current_exception();
        }
        next = count;  // no new index starts
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace infrac
