#include "gauthflow/cli/interrupt.h"

#include <atomic>

namespace gauthflow::cli {
namespace {

// A signal handler can reach nothing else: the one process-wide state of the CLI, and only
// while an InterruptCancels is alive.
std::atomic<CancellationToken*> interrupt_target{nullptr};
std::atomic<bool> interrupt_seen{false};
static_assert(std::atomic<CancellationToken*>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void CancelOnInterrupt(int) {
  interrupt_seen.store(true, std::memory_order_relaxed);
  if (auto* token = interrupt_target.load(std::memory_order_relaxed)) token->Cancel();
}

}  // namespace

InterruptCancels::InterruptCancels(CancellationToken& token) {
  CancellationToken* expected = nullptr;
  if (!interrupt_target.compare_exchange_strong(expected, &token)) return;  // nested
  interrupt_seen.store(false);
  struct sigaction action {};
  action.sa_handler = CancelOnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // no SA_RESTART: blocked reads return EINTR
  if (sigaction(SIGINT, &action, &previous_) != 0) {
    interrupt_target.store(nullptr);
    return;
  }
  if (previous_.sa_handler == SIG_IGN) {
    // Started with SIGINT ignored (a background job): keep it so.
    sigaction(SIGINT, &previous_, nullptr);
    interrupt_target.store(nullptr);
    return;
  }
  installed_ = true;
}

InterruptCancels::~InterruptCancels() {
  if (!installed_) return;
  sigaction(SIGINT, &previous_, nullptr);
  interrupt_target.store(nullptr);
}

bool InterruptCancels::interrupted() const { return installed_ && interrupt_seen.load(); }

}  // namespace gauthflow::cli
