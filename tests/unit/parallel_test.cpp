// base/parallel.h: every index runs once, and a body's exception reaches the caller.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "base/parallel.h"

using namespace infrac;

TEST_CASE("parallel_for runs every index exactly once", "[parallel]") {
  for (unsigned jobs : {1u, 2u, 8u}) {
    std::vector<std::atomic<int>> seen(1000);
    parallel_for(seen.size(), jobs, [&](std::size_t i) { ++seen[i]; });
    for (const auto& s : seen) CHECK(s == 1);
  }
}

TEST_CASE("parallel_for carries a body's exception to the caller", "[parallel]") {
  for (unsigned jobs : {1u, 2u, 8u}) {
    INFO("jobs " << jobs);
    std::atomic<int> ran{0};
    // Every other body takes a while, so "stopped early" does not depend on the thread that
    // threw being scheduled before the others run through the cheap rest (a loaded machine).
    auto body = [&](std::size_t i) {
      ++ran;
      if (i == 3 || i == 700) throw std::runtime_error("index " + std::to_string(i));
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    };
    try {
      parallel_for(1000, jobs, body);
      FAIL("no exception reached the caller");
    } catch (const std::runtime_error& e) {
      // The lowest index that threw, as a sequential loop would report.
      CHECK(std::string(e.what()) == "index 3");
    }
    CHECK(ran < 1000);  // the loop stopped early
  }
}
