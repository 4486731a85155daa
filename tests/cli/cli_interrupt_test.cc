// Ctrl-C during a sign-in: InterruptCancels turns the first SIGINT into a cancellation.
// raise() runs the handler on this thread before it returns: no waiting anywhere.
#include "gauthflow/cli/interrupt.h"

#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>

namespace gauthflow::cli {
namespace {

std::atomic<int> own_handler_calls{0};
extern "C" void CountingHandler(int) { own_handler_calls.fetch_add(1); }

// Installs CountingHandler for SIGINT for the test's duration, so that a SIGINT the code
// under test fails to catch is counted instead of killing the test binary.
class SigintCounted {
 public:
  SigintCounted() {
    struct sigaction action {};
    action.sa_handler = CountingHandler;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
    own_handler_calls = 0;
  }
  ~SigintCounted() { sigaction(SIGINT, &previous_, nullptr); }

 private:
  struct sigaction previous_ {};
};

TEST(InterruptCancels, SigintCancelsTheTokenInsteadOfReachingThePreviousHandler) {
  SigintCounted counted;
  CancellationToken token;
  {
    InterruptCancels interrupt(token);
    EXPECT_FALSE(interrupt.interrupted());
    raise(SIGINT);
    EXPECT_TRUE(token.IsCancelled());
    EXPECT_TRUE(interrupt.interrupted());
    EXPECT_EQ(own_handler_calls, 0);
  }
  // Restored: the next SIGINT is the previous handler's again.
  raise(SIGINT);
  EXPECT_EQ(own_handler_calls, 1);
}

TEST(InterruptCancels, ASecondSigintIsNoLongerCaught) {
  SigintCounted counted;
  CancellationToken token;
  InterruptCancels interrupt(token);
  raise(SIGINT);
  ASSERT_TRUE(token.IsCancelled());
  // SA_RESETHAND: the default disposition is back, which would end the process; check the
  // disposition rather than raising.
  struct sigaction now {};
  sigaction(SIGINT, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL);
}

TEST(InterruptCancels, AnIgnoredSigintStaysIgnored) {
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGINT, &ignore, &previous);
  CancellationToken token;
  {
    InterruptCancels interrupt(token);
    raise(SIGINT);
    EXPECT_FALSE(token.IsCancelled());
    EXPECT_FALSE(interrupt.interrupted());
  }
  sigaction(SIGINT, &previous, nullptr);
}

TEST(InterruptCancels, ANestedOneLeavesTheOuterInCharge) {
  SigintCounted counted;
  CancellationToken outer_token;
  CancellationToken inner_token;
  InterruptCancels outer(outer_token);
  {
    InterruptCancels inner(inner_token);
    EXPECT_FALSE(inner.interrupted());
  }
  raise(SIGINT);  // the inner one's destructor did not uninstall the outer's handler
  EXPECT_TRUE(outer_token.IsCancelled());
  EXPECT_FALSE(inner_token.IsCancelled());
}

}  // namespace
}  // namespace gauthflow::cli
