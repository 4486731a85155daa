#ifndef GAUTHFLOW_POCO_SYSTEM_CLOCK_H_
#define GAUTHFLOW_POCO_SYSTEM_CLOCK_H_

#include "gauthflow/clock.h"

namespace gauthflow {

// The real wall clock; SleepFor really sleeps.
class SystemClock : public Clock {
 public:
  time_point Now() override;
  void SleepFor(duration d) override;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_SYSTEM_CLOCK_H_
