#ifndef GAUTHFLOW_MOCKSERVER_SERVER_CLOCK_H_
#define GAUTHFLOW_MOCKSERVER_SERVER_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "gauthflow/mockserver/clock.h"

namespace gauthflow::mockserver {

using TimePoint = std::chrono::system_clock::time_point;

// The server's time: the injected clock plus the offset the admin API adds. Lock-free (one
// atomic offset), since every request reads it.
//
// The offset only grows, and is bounded so that no time the fake computes can overflow:
// system_clock's time_point counts nanoseconds in 64 bits (libstdc++), which ends in April 2262;
// the fake adds at most a few hours (code, token, device-code and transaction lifetimes) to
// Now() and formats times through Poco's microsecond Timestamp. Keeping Now() before 2200 and
// the offset within 100 years leaves decades of room for all of that.
class ServerClock {
 public:
  // 100 Julian years.
  static constexpr std::chrono::seconds kMaxOffset{3'155'760'000};
  // 2200-01-01T00:00:00Z.
  static constexpr std::chrono::seconds kLatestTime{7'258'118'400};

  explicit ServerClock(std::shared_ptr<Clock const> clock);

  TimePoint Now() const;
  std::chrono::seconds Offset() const;
  // How far the clock may still advance now (0 when at either bound).
  std::chrono::seconds Headroom() const;
  // Moves the time forward by `by`, 0 ≤ by ≤ Headroom(); false, changing nothing, otherwise.
  bool Advance(std::chrono::seconds by);
  // Back to the injected clock's time (offset 0).
  void Reset();

 private:
  std::chrono::seconds HeadroomAt(std::int64_t offset_seconds) const;

  std::shared_ptr<Clock const> const clock_;
  std::atomic<std::int64_t> offset_seconds_{0};
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_SERVER_CLOCK_H_
