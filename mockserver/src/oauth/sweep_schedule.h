#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_SWEEP_SCHEDULE_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_SWEEP_SCHEDULE_H_

#include <atomic>
#include <chrono>
#include <cstdint>

namespace gauthflow::mockserver {

// When a store of expiring records forgets the long-dead ones: every kEvery inserts, records
// that expired more than kGrace ago go. So a CI run that signs in and refreshes in a loop does
// not grow memory without bound, and no insert pays more than a share of one sweep.
class SweepSchedule {
 public:
  static constexpr std::uint64_t kEvery = 4096;
  static constexpr std::chrono::seconds kGrace{3600};

  // Counts one insert; true on every kEvery-th.
  bool Tick() { return (inserts_.fetch_add(1, std::memory_order_relaxed) + 1) % kEvery == 0; }

  // Counts one insert into `records` (a ShardedMap of values with an `expiry`); on every
  // kEvery-th, erases those that expired more than kGrace before `now`.
  template <typename Records>
  void CountInsert(Records& records, std::chrono::system_clock::time_point now) {
    if (!Tick()) return;
    auto const cutoff = now - kGrace;
    records.EraseIf([&](auto const&, auto const& record) { return record.expiry < cutoff; });
  }

 private:
  std::atomic<std::uint64_t> inserts_{0};
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_SWEEP_SCHEDULE_H_
