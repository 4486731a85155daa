// DeviceStore: RFC 8628 device codes, polls, decisions.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "oauth/device_store.h"
#include "server_clock.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using std::chrono::seconds;

class DeviceStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> base_ = std::make_shared<ManualClock>();
  ServerClock clock_{base_};
  DeviceStore devices_{clock_};

  DevicePollOutcome Poll(DeviceRecord const& record, std::string const& client = "tv.apps") {
    return devices_.Poll(record.device_code, client).outcome;
  }
};

TEST_F(DeviceStoreTest, PollingFasterThanTheIntervalSlowsDownByFiveSeconds) {
  DeviceRecord record = devices_.Add("tv.apps", {"openid"});
  EXPECT_EQ(record.interval_seconds, kDevicePollInterval);
  EXPECT_EQ(Poll(record), DevicePollOutcome::kPending);
  base_->Advance(seconds(4));
  DevicePoll poll = devices_.Poll(record.device_code, "tv.apps");
  EXPECT_EQ(poll.outcome, DevicePollOutcome::kSlowDown);
  EXPECT_EQ(poll.record.interval_seconds, 10);  // RFC 8628 §3.5: +5 s, for later polls too
  base_->Advance(seconds(9));
  EXPECT_EQ(Poll(record), DevicePollOutcome::kSlowDown);
  base_->Advance(seconds(15));
  poll = devices_.Poll(record.device_code, "tv.apps");
  EXPECT_EQ(poll.outcome, DevicePollOutcome::kPending);
  EXPECT_EQ(poll.record.interval_seconds, 15);
}

TEST_F(DeviceStoreTest, TheIntervalStaysBelowTheCodesLifetime) {
  DeviceRecord record = devices_.Add("tv.apps", {"openid"});
  int interval = 0;
  for (int i = 0; i < 1000; ++i) interval = devices_.Poll(record.device_code, "tv.apps").record.interval_seconds;
  EXPECT_EQ(interval, static_cast<int>(kDeviceCodeLifetime.count()));
}

TEST_F(DeviceStoreTest, AnApprovedCodeIsRedeemedByOnePoll) {
  DeviceRecord record = devices_.Add("tv.apps", {"openid"});
  EXPECT_EQ(Poll(record, "other.apps"), DevicePollOutcome::kWrongClient);
  ASSERT_TRUE(devices_.Decide(record.device_code, true, "alice@example.com"));
  EXPECT_FALSE(devices_.Decide(record.device_code, false, ""));  // decided already
  DevicePoll poll = devices_.Poll(record.device_code, "tv.apps");
  EXPECT_EQ(poll.outcome, DevicePollOutcome::kApproved);
  EXPECT_EQ(poll.record.user_email, "alice@example.com");
  EXPECT_EQ(Poll(record), DevicePollOutcome::kRedeemed);
}

TEST_F(DeviceStoreTest, DeniedAndExpiredCodes) {
  DeviceRecord denied = devices_.Add("tv.apps", {"openid"});
  ASSERT_TRUE(devices_.Decide(denied.device_code, false, ""));
  EXPECT_EQ(Poll(denied), DevicePollOutcome::kDenied);
  DeviceRecord late = devices_.Add("tv.apps", {"openid"});
  base_->Advance(kDeviceCodeLifetime);
  EXPECT_EQ(Poll(late), DevicePollOutcome::kExpired);
  EXPECT_FALSE(devices_.Decide(late.device_code, true, "alice@example.com"));
  EXPECT_EQ(devices_.Poll("AH-unknown", "tv.apps").outcome, DevicePollOutcome::kUnknown);
}

TEST_F(DeviceStoreTest, UserCodesIgnoreCaseDashesAndSpaces) {
  DeviceRecord record = devices_.Add("tv.apps", {"openid"});
  std::string sloppy;
  for (char c : record.user_code) {
    if (c != '-') sloppy.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  sloppy.insert(2, " ");
  auto found = devices_.FindByUserCode(sloppy);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->device_code, record.device_code);
  EXPECT_FALSE(devices_.FindByUserCode("BCDF-GHJK-X"));
}

TEST_F(DeviceStoreTest, ListsSoonestExpiryFirstAndClears) {
  DeviceRecord first = devices_.Add("tv.apps", {"openid"});
  base_->Advance(seconds(1));
  DeviceRecord second = devices_.Add("tv.apps", {"openid"});
  auto list = devices_.List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].device_code, first.device_code);
  EXPECT_EQ(list[1].device_code, second.device_code);
  devices_.Clear();
  EXPECT_TRUE(devices_.List().empty());
  EXPECT_FALSE(devices_.FindByUserCode(first.user_code));
}

TEST_F(DeviceStoreTest, SweepsCodesLongExpired) {
  DeviceRecord old_code = devices_.Add("tv.apps", {"openid"});
  base_->Advance(kDeviceCodeLifetime + SweepSchedule::kGrace + seconds(1));
  for (std::uint64_t i = 1; i < SweepSchedule::kEvery; ++i) devices_.Add("tv.apps", {"openid"});
  EXPECT_EQ(devices_.List().size(), SweepSchedule::kEvery - 1);
  EXPECT_FALSE(devices_.FindByUserCode(old_code.user_code));
  EXPECT_EQ(Poll(old_code), DevicePollOutcome::kUnknown);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
