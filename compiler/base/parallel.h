// A parallel loop for per-file and per-target work. Results are written by index, so the
// outcome never depends on which thread ran what.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
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
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) body(i);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();
}

}  // namespace infrac
