// ServerClock: the injected clock plus a bounded, forward-only offset.
#include <chrono>
#include <memory>

#include <gtest/gtest.h>

#include "server_clock.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using std::chrono::seconds;

TEST(ServerClock, FollowsTheInjectedClockPlusTheOffset) {
  auto base = std::make_shared<ManualClock>();
  ServerClock clock(base);
  EXPECT_EQ(clock.Now(), base->Now());
  ASSERT_TRUE(clock.Advance(seconds(3600)));
  EXPECT_EQ(clock.Offset(), seconds(3600));
  base->Advance(seconds(10));
  EXPECT_EQ(clock.Now(), base->Now() + seconds(3600));
}

TEST(ServerClock, RefusesAnAdvanceBeyondOneHundredYearsAndChangesNothing) {
  ServerClock clock(std::make_shared<ManualClock>());
  EXPECT_EQ(clock.Headroom(), ServerClock::kMaxOffset);
  EXPECT_FALSE(clock.Advance(ServerClock::kMaxOffset + seconds(1)));
  EXPECT_FALSE(clock.Advance(seconds(-1)));
  EXPECT_FALSE(clock.Advance(seconds(std::numeric_limits<std::int64_t>::max())));
  EXPECT_EQ(clock.Offset(), seconds(0));
  ASSERT_TRUE(clock.Advance(ServerClock::kMaxOffset - seconds(5)));
  EXPECT_EQ(clock.Headroom(), seconds(5));
  EXPECT_FALSE(clock.Advance(seconds(6)));
  EXPECT_TRUE(clock.Advance(seconds(5)));
  EXPECT_EQ(clock.Headroom(), seconds(0));
  EXPECT_EQ(clock.Offset(), ServerClock::kMaxOffset);
}

TEST(ServerClock, NeverRunsPastTheLatestTime) {
  // An injected clock ten seconds before 2200: only ten seconds are left.
  auto base = std::make_shared<ManualClock>(Clock::time_point(ServerClock::kLatestTime - seconds(10)));
  ServerClock clock(base);
  EXPECT_EQ(clock.Headroom(), seconds(10));
  EXPECT_FALSE(clock.Advance(seconds(11)));
  EXPECT_TRUE(clock.Advance(seconds(10)));
  base->Advance(seconds(100));  // the injected clock itself may pass it; the offset cannot grow
  EXPECT_EQ(clock.Headroom(), seconds(0));
  EXPECT_FALSE(clock.Advance(seconds(1)));
}

TEST(ServerClock, ResetDropsTheOffset) {
  auto base = std::make_shared<ManualClock>();
  ServerClock clock(base);
  ASSERT_TRUE(clock.Advance(seconds(60)));
  clock.Reset();
  EXPECT_EQ(clock.Offset(), seconds(0));
  EXPECT_EQ(clock.Now(), base->Now());
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
