// What InstalledAppFlow reports to its FlowObserver in each mode, and how its
// CancellationToken ends each wait. Time is a FakeClock: nothing here sleeps.
#include "gauthflow/flow_observer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/URI.h>

#include <string>
#include <vector>

#include "gauthflow/cancellation.h"
#include "gauthflow/installed_app_flow.h"
#include "testing/fake_clock.h"
#include "testing/mocks.h"
#include "testing/scripted_console.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::MockBrowserLauncher;
using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::MockRedirectReceiver;
using ::gauthflow::testing::Respond;
using ::gauthflow::testing::ScriptedConsole;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;

constexpr char kTokenJson[] = R"({"access_token":"ya29.new","expires_in":3599,
  "scope":"https://www.googleapis.com/auth/drive.metadata.readonly","token_type":"Bearer",
  "refresh_token":"1//refresh"})";
constexpr char kDeviceCodeJson[] = R"({"device_code":"dev","user_code":"ABCD-EFGH",
  "verification_url":"https://www.google.com/device",
  "verification_url_complete":"https://www.google.com/device?user_code=ABCD-EFGH",
  "expires_in":1800,"interval":5})";

std::string QueryParam(std::string const& url, std::string const& name) {
  for (auto const& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return {};
}

// Records every event, in order, as one line each.
class RecordingObserver : public FlowObserver {
 public:
  void OnAuthorizationUrl(std::string const& url, std::string const& redirect_uri) override {
    url_ = url;
    events_.push_back("url redirect_uri=" + redirect_uri);
  }
  void OnWaitingUntil(Clock::time_point deadline, std::string const& what) override {
    deadline_ = deadline;
    events_.push_back("wait " + what);
  }
  void OnWaitEnded() override { events_.push_back("wait ended"); }
  void OnDeviceCode(std::string const& user_code, std::string const& verification_url,
                    std::optional<std::string> const& complete,
                    Clock::time_point expires_at) override {
    expires_at_ = expires_at;
    events_.push_back("device " + user_code + " " + verification_url + " " +
                      complete.value_or("-"));
  }
  void OnDevicePollPending(DevicePollProgress const& progress) override {
    events_.push_back("pending " + progress.state);
  }
  void OnForgedCallbackRefused(int refused, std::string_view reason) override {
    events_.push_back("refused " + std::to_string(refused) + " " + std::string(reason));
  }

  std::vector<std::string> events_;
  std::string url_;
  Clock::time_point deadline_{};
  Clock::time_point expires_at_{};
};

// A fake clock that cancels `token` at its `nth` sleep: a person pressing Ctrl-C during a wait.
class CancellingClock : public FakeClock {
 public:
  CancellingClock(CancellationToken& token, int nth) : token_(token), nth_(nth) {}
  void SleepFor(duration d) override {
    FakeClock::SleepFor(d);
    if (++sleeps_ == nth_) token_.Cancel();
  }

 private:
  CancellationToken& token_;
  int const nth_;
  int sleeps_ = 0;
};

ClientSecrets Secrets() {
  ClientSecrets secrets;
  secrets.client_id = "id.apps.googleusercontent.com";
  secrets.client_secret = "shh";
  return secrets;
}

FlowOptions Options() {
  FlowOptions options;
  options.scopes = {"drive.metadata.readonly"};
  return options;
}

class FlowObserverTest : public ::testing::Test {
 protected:
  InstalledAppFlow Flow(Clock& clock) {
    return InstalledAppFlow(Secrets(), std::nullopt,
                            {.http = http_,
                             .browser = browser_,
                             .receiver = receiver_,
                             .clock = clock,
                             .console = console_,
                             .observer = &observer_,
                             .cancellation = &cancel_});
  }
  InstalledAppFlow Flow() { return Flow(clock_); }

  ::testing::StrictMock<MockHttpClient> http_;
  ::testing::NiceMock<MockBrowserLauncher> browser_;
  ::testing::StrictMock<MockRedirectReceiver> receiver_;
  FakeClock clock_;
  ScriptedConsole console_;
  RecordingObserver observer_;
  CancellationToken cancel_;
};

TEST_F(FlowObserverTest, LoopbackReportsTheUrlTheBoundRedirectUriAndTheDeadline) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, &cancel_))  // the flow's token reaches the wait
      .WillOnce(Invoke([&](Clock::time_point deadline, RedirectHandler const& handler,
                           CancellationToken const*) {
        EXPECT_EQ(deadline, observer_.deadline_);
        auto const url =
            "http://127.0.0.1:5555/?code=c&state=" + QueryParam(observer_.url_, "state");
        handler(url);
        return Result<std::string>(url);
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, kTokenJson)));
  auto const start = clock_.Now();
  auto result = Flow().Run(LoopbackRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_THAT(observer_.events_,
              ElementsAre("url redirect_uri=http://127.0.0.1:5555/",
                          "wait the browser to return to http://127.0.0.1:5555/", "wait ended"));
  EXPECT_EQ(observer_.deadline_, start + std::chrono::seconds(300));
  EXPECT_EQ(QueryParam(observer_.url_, "redirect_uri"), "http://127.0.0.1:5555/");
  EXPECT_THAT(console_.Printed(), HasSubstr(observer_.url_));  // the same URL the person sees
}

TEST_F(FlowObserverTest, ForgedCallbacksAreReportedAsTheyAreRefused) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point, RedirectHandler const& handler,
                           CancellationToken const*) {
        handler("http://127.0.0.1:5555/?code=x&state=WRONG");
        EXPECT_EQ(observer_.events_.back(), "refused 1 state_mismatch");
        handler("http://127.0.0.1:5555/?code=x");
        return Result<std::string>(MakeError(ErrorCode::kTimeout, "deadline"));
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  auto result = Flow().Run(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_THAT(observer_.events_,
              ElementsAre("url redirect_uri=http://127.0.0.1:5555/",
                          "wait the browser to return to http://127.0.0.1:5555/",
                          "refused 1 state_mismatch", "refused 2 missing_state", "wait ended"));
}

TEST_F(FlowObserverTest, OobAndPasteReportTheirFixedRedirectUris) {
  console_.AddAnswer("4/0Acode");
  EXPECT_CALL(http_, Send(_)).WillRepeatedly(Return(Respond(200, kTokenJson)));
  ASSERT_TRUE(Flow().Run(OobRedirect{}, Options()));
  EXPECT_THAT(observer_.events_, ElementsAre("url redirect_uri=urn:ietf:wg:oauth:2.0:oob"));

  observer_.events_.clear();
  console_.AddAnswer([&](std::string const&) {
    return "http://127.0.0.1:8085/?code=c&state=" + QueryParam(observer_.url_, "state");
  });
  ASSERT_TRUE(Flow().Run(PasteRedirect{LoopbackRedirect{"127.0.0.1", 8085}}, Options()));
  EXPECT_THAT(observer_.events_, ElementsAre("url redirect_uri=http://127.0.0.1:8085/"));
}

TEST_F(FlowObserverTest, OobAutoReportsItsWaitForThePageTitle) {
  EXPECT_CALL(browser_, WaitForPageTitle(_)).WillOnce(Invoke([&](Clock::time_point deadline) {
    EXPECT_EQ(deadline, observer_.deadline_);
    return Result<std::string>("Success state=" + QueryParam(observer_.url_, "state") +
                               "&code=c");
  }));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, kTokenJson)));
  ASSERT_TRUE(Flow().Run(OobAutoRedirect{}, Options()));
  EXPECT_THAT(observer_.events_,
              ElementsAre("url redirect_uri=urn:ietf:wg:oauth:2.0:oob:auto",
                          "wait the browser's page to show the code", "wait ended"));
}

TEST_F(FlowObserverTest, DeviceGrantReportsTheCodeItsExpiryAsTheDeadlineAndEachPendingPoll) {
  int polls = 0;
  EXPECT_CALL(http_, Send(_)).WillRepeatedly(Invoke([&](HttpRequest const& request) {
    if (request.url == "https://oauth2.googleapis.com/device/code") {
      return Respond(200, kDeviceCodeJson);
    }
    if (++polls == 1) return Respond(428, R"({"error":"authorization_pending"})");
    if (polls == 2) return Respond(429, R"({"error":"slow_down"})");
    return Respond(200, kTokenJson);
  }));
  auto const start = clock_.Now();
  auto result = Flow().Run(DeviceGrant{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_THAT(observer_.events_,
              ElementsAre("device ABCD-EFGH https://www.google.com/device "
                          "https://www.google.com/device?user_code=ABCD-EFGH",
                          "wait approval of the code ABCD-EFGH", "pending authorization_pending",
                          "pending slow_down", "wait ended"));
  EXPECT_EQ(observer_.expires_at_, start + std::chrono::seconds(1800));
  EXPECT_EQ(observer_.deadline_, observer_.expires_at_);
  // The person still reads the code on the console.
  EXPECT_THAT(console_.Printed(), HasSubstr("enter the code ABCD-EFGH"));
}

TEST_F(FlowObserverTest, CancellationEndsTheDevicePollingPauseLongBeforeTheCodeExpires) {
  CancellingClock clock(cancel_, /*nth=*/3);  // during the first 5 s pause (100 ms slices)
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, kDeviceCodeJson)));  // no poll
  auto const start = clock.Now();
  auto result = Flow(clock).Run(DeviceGrant{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  EXPECT_THAT(result.error().message, HasSubstr("approval of the code ABCD-EFGH"));
  EXPECT_LT(clock.Now() - start, std::chrono::seconds(1));
  EXPECT_EQ(observer_.events_.back(), "wait ended");
}

TEST_F(FlowObserverTest, CancellationEndsTheTokenEndpointsRetryBackoff) {
  CancellingClock clock(cancel_, /*nth=*/1);
  console_.AddAnswer("4/0Acode");
  // A 503 is retried after a backoff; the first slice of it cancels, so nothing is resent.
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(503, R"({"error":"temporarily_unavailable"})")));
  auto options = Options();
  options.retry.initial_delay = std::chrono::seconds(10);
  auto result = Flow(clock).Run(OobRedirect{}, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  EXPECT_THAT(result.error().message, HasSubstr("a retry of the token endpoint"));
  EXPECT_EQ(clock.Sleeps().size(), 1u);
}

TEST_F(FlowObserverTest, WithoutAnObserverOrTokenTheFlowRunsAsBefore) {
  InstalledAppFlow flow(Secrets(), std::nullopt, {http_, browser_, receiver_, clock_, console_});
  console_.AddAnswer("4/0Acode");
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, kTokenJson)));
  ASSERT_TRUE(flow.Run(OobRedirect{}, Options()));
  EXPECT_TRUE(observer_.events_.empty());
}

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
