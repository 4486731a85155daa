#include "gauthflow/cancellation.h"

#include <algorithm>
#include <string>

namespace gauthflow {

Error CancelledError(std::string_view what) {
  return Error{ErrorCode::kCancelled, "cancelled while waiting for " + std::string(what)};
}

Status SleepUnlessCancelled(Clock& clock, Clock::duration duration,
                            CancellationToken const* token, std::string_view what) {
  if (token == nullptr) {
    clock.SleepFor(duration);
    return {};
  }
  // Slices of the clock's own time, so that a fake clock advances exactly `duration` in all.
  auto left = duration;
  while (true) {
    if (token->IsCancelled()) return tl::unexpected(CancelledError(what));
    if (left <= Clock::duration::zero()) return {};
    auto const slice = std::min<Clock::duration>(left, kCancellationCheckInterval);
    clock.SleepFor(slice);
    left -= slice;
  }
}

}  // namespace gauthflow
