#ifndef GAUTHFLOW_TESTS_TESTING_FAKE_CLOCK_H_
#define GAUTHFLOW_TESTS_TESTING_FAKE_CLOCK_H_

#include <chrono>
#include <mutex>
#include <vector>

#include "gauthflow/clock.h"

namespace gauthflow::testing {

// A clock that only moves when told to; SleepFor advances it and records the wait.
class FakeClock : public Clock {
 public:
  explicit FakeClock(time_point start = time_point(std::chrono::seconds(1'800'000'000)))
      : now_(start) {}

  time_point Now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void SleepFor(duration d) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
    now_ += d;
  }
  void Advance(duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  void Set(time_point t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }
  std::vector<duration> Sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  time_point now_;
  std::vector<duration> sleeps_;
};

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_FAKE_CLOCK_H_
