// SleepUnlessCancelled: the one cancellable wait of the flows (device polling, retry backoff).
#include "gauthflow/cancellation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::FakeClock;
using ::testing::ElementsAre;

TEST(SleepUnlessCancelled, WithoutATokenSleepsOnceForTheWholeDuration) {
  FakeClock clock;
  ASSERT_TRUE(SleepUnlessCancelled(clock, std::chrono::seconds(5), nullptr, "x"));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(std::chrono::seconds(5)));
}

TEST(SleepUnlessCancelled, WithATokenSleepsInSlicesThatAddUpToTheDuration) {
  FakeClock clock;
  CancellationToken token;
  auto const start = clock.Now();
  ASSERT_TRUE(SleepUnlessCancelled(clock, std::chrono::milliseconds(250), &token, "x"));
  EXPECT_THAT(clock.Sleeps(),
              ElementsAre(kCancellationCheckInterval, kCancellationCheckInterval,
                          std::chrono::milliseconds(50)));
  EXPECT_EQ(clock.Now() - start, std::chrono::milliseconds(250));
}

TEST(SleepUnlessCancelled, AnAlreadyCancelledTokenDoesNotWaitAtAll) {
  FakeClock clock;
  CancellationToken token;
  token.Cancel();
  auto slept = SleepUnlessCancelled(clock, std::chrono::hours(1), &token, "the device code");
  ASSERT_FALSE(slept);
  EXPECT_EQ(slept.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(slept.error().message, "cancelled while waiting for the device code");
  EXPECT_TRUE(clock.Sleeps().empty());
}

}  // namespace
}  // namespace gauthflow
