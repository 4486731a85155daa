#include "server_clock.h"

#include <algorithm>

namespace gauthflow::mockserver {

ServerClock::ServerClock(std::shared_ptr<Clock const> clock) : clock_(std::move(clock)) {}

TimePoint ServerClock::Now() const {
  return clock_->Now() + std::chrono::seconds(offset_seconds_.load(std::memory_order_relaxed));
}

std::chrono::seconds ServerClock::Offset() const {
  return std::chrono::seconds(offset_seconds_.load(std::memory_order_relaxed));
}

std::chrono::seconds ServerClock::Headroom() const {
  return HeadroomAt(offset_seconds_.load(std::memory_order_relaxed));
}

std::chrono::seconds ServerClock::HeadroomAt(std::int64_t offset_seconds) const {
  auto const base =
      std::chrono::duration_cast<std::chrono::seconds>(clock_->Now().time_since_epoch());
  // No overflow: the offset is within kMaxOffset and any time_point is within ±9.3e9 s.
  std::int64_t const by_offset = kMaxOffset.count() - offset_seconds;
  std::int64_t const by_date = kLatestTime.count() - (base.count() + offset_seconds);
  return std::chrono::seconds(std::max<std::int64_t>(0, std::min(by_offset, by_date)));
}

bool ServerClock::Advance(std::chrono::seconds by) {
  std::int64_t current = offset_seconds_.load(std::memory_order_relaxed);
  do {
    if (by.count() < 0 || by > HeadroomAt(current)) return false;
  } while (!offset_seconds_.compare_exchange_weak(current, current + by.count(),
                                                  std::memory_order_relaxed));
  return true;
}

void ServerClock::Reset() { offset_seconds_.store(0, std::memory_order_relaxed); }

}  // namespace gauthflow::mockserver
