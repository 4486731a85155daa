#ifndef GAUTHFLOW_CLOCK_H_
#define GAUTHFLOW_CLOCK_H_

#include <chrono>

namespace gauthflow {

// Wall-clock time. Everything that waits (retry backoff, device-flow polling, redirect
// deadlines) goes through a Clock so that tests advance a fake one instead of sleeping.
class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using duration = std::chrono::system_clock::duration;

  virtual ~Clock() = default;
  virtual time_point Now() = 0;
  // Blocks for `d` of this clock's time (a fake clock simply advances).
  virtual void SleepFor(duration d) = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_CLOCK_H_
