#ifndef GAUTHFLOW_CLI_INTERRUPT_H_
#define GAUTHFLOW_CLI_INTERRUPT_H_

#include <signal.h>

#include "gauthflow/cancellation.h"

namespace gauthflow::cli {

// While alive, the first SIGINT (Ctrl-C) cancels `token` instead of ending the process, so that
// a waiting sign-in stops at its next look at the token (the loopback listener within 25 ms, a
// device-flow or backoff pause within 100 ms), releases its port and says so; a second SIGINT
// ends the process as usual (SA_RESETHAND). The handler does nothing but two lock-free atomic
// stores. Without SA_RESTART, so that a blocking read of a pasted code returns (EINTR) too.
// One at a time per process: a nested one leaves the outer in charge. The destructor restores
// the previous disposition.
class InterruptCancels {
 public:
  explicit InterruptCancels(CancellationToken& token);
  ~InterruptCancels();
  InterruptCancels(InterruptCancels const&) = delete;
  InterruptCancels& operator=(InterruptCancels const&) = delete;

  // Whether a SIGINT arrived while this was installed.
  bool interrupted() const;

 private:
  bool installed_ = false;
  struct sigaction previous_ {};
};

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_INTERRUPT_H_
