#ifndef GAUTHFLOW_CANCELLATION_H_
#define GAUTHFLOW_CANCELLATION_H_

#include <atomic>
#include <chrono>
#include <string_view>

#include "gauthflow/clock.h"
#include "gauthflow/error.h"

namespace gauthflow {

// A flag that asks a flow to stop. The flow looks at it at every wait — the loopback receiver's
// event loop, the device flow's polling pause, the token client's retry backoff — and ends with
// kCancelled. Cancel() is a single lock-free atomic store: safe from any thread and from a
// signal handler (e.g. SIGINT), which may do nothing else.
class CancellationToken {
 public:
  CancellationToken() = default;
  CancellationToken(CancellationToken const&) = delete;
  CancellationToken& operator=(CancellationToken const&) = delete;

  void Cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool IsCancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free,
                "Cancel() must be async-signal-safe");
  std::atomic<bool> cancelled_{false};
};

// A nullable token: nullptr is a flow nobody can cancel.
inline bool IsCancelled(CancellationToken const* token) {
  return token != nullptr && token->IsCancelled();
}

// kCancelled: "cancelled while waiting for WHAT".
Error CancelledError(std::string_view what);

// How long one slice of SleepUnlessCancelled is at most: a cancellation ends a wait within it.
inline constexpr std::chrono::milliseconds kCancellationCheckInterval{100};

// Waits `duration` on `clock`. Without a token, one clock.SleepFor(duration); with one, in
// slices of at most kCancellationCheckInterval, returning CancelledError(what) once the token
// is cancelled (also when it already is, before any wait).
Status SleepUnlessCancelled(Clock& clock, Clock::duration duration,
                            CancellationToken const* token, std::string_view what);

}  // namespace gauthflow

#endif  // GAUTHFLOW_CANCELLATION_H_
