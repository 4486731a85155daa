#ifndef GAUTHFLOW_MOCKSERVER_CLOCK_H_
#define GAUTHFLOW_MOCKSERVER_CLOCK_H_

#include <chrono>

namespace gauthflow::mockserver {

// The fake server's own notion of time. It shares only the wire protocol with gauthflow::core,
// so it has its own small interface instead of linking core's Clock. Code, token and device-code
// expiry are computed from it (plus the admin API's clock offset), so tests advance a fake
// clock instead of sleeping.
class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual time_point Now() const = 0;
};

// The real wall clock, for the standalone binary.
class SystemClock final : public Clock {
 public:
  time_point Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_CLOCK_H_
