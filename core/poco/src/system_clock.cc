#include "gauthflow/poco/system_clock.h"

#include <thread>

namespace gauthflow {

Clock::time_point SystemClock::Now() { return std::chrono::system_clock::now(); }

void SystemClock::SleepFor(duration d) {
  if (d > duration::zero()) std::this_thread::sleep_for(d);
}

}  // namespace gauthflow
