#include "gauthflow/installed_app_flow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/URI.h>

#include <regex>
#include <string>
#include <vector>

#include "gauthflow/cancellation.h"
#include "gauthflow/flow_observer.h"
#include "gauthflow/pkce.h"
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

std::string QueryParam(std::string const& url, std::string const& name) {
  for (auto const& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return {};
}

// Parses an application/x-www-form-urlencoded body.
std::string BodyField(std::string const& body, std::string const& name) {
  return QueryParam("http://x/?" + body, name);
}

std::string UrlIn(std::string const& printed) {
  std::smatch match;
  if (std::regex_search(printed, match, std::regex(R"((https?://\S+/o/oauth2/auth\?\S+))"))) {
    return match[1];
  }
  return {};
}

ClientSecrets Secrets() {
  ClientSecrets secrets;
  secrets.client_id = "id.apps.googleusercontent.com";
  secrets.client_secret = "shh";
  return secrets;
}

class InstalledAppFlowTest : public ::testing::Test {
 protected:
  InstalledAppFlow Flow() {
    return InstalledAppFlow(Secrets(), std::nullopt,
                            {http_, browser_, receiver_, clock_, console_});
  }
  FlowOptions Options() {
    FlowOptions options;
    options.scopes = {"drive.metadata.readonly"};
    return options;
  }

  MockHttpClient http_;
  MockBrowserLauncher browser_;
  MockRedirectReceiver receiver_;
  FakeClock clock_;
  ScriptedConsole console_;
};

TEST_F(InstalledAppFlowTest, LoopbackOpensTheBrowserAndExchangesTheCodeWithTheVerifier) {
  std::string opened;
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Invoke([&](std::string const& url) {
    opened = url;
    return Status{};
  }));
  RedirectPage page;
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point deadline, RedirectHandler const& handler,
                           CancellationToken const*) {
        EXPECT_EQ(deadline, clock_.Now() + std::chrono::seconds(300));
        auto const url = "http://127.0.0.1:5555/?code=4/0Acode&state=" +
                         QueryParam(opened, "state");
        page = handler(url);
        return Result<std::string>(url);
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(request.url, "https://oauth2.googleapis.com/token");
    EXPECT_EQ(BodyField(request.body, "grant_type"), "authorization_code");
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Acode");
    EXPECT_EQ(BodyField(request.body, "redirect_uri"), "http://127.0.0.1:5555/");
    // RFC 7636 §4.6: the verifier sent must hash to the challenge in the authorization URL.
    EXPECT_EQ(S256Challenge(BodyField(request.body, "code_verifier")),
              QueryParam(opened, "code_challenge"));
    return Respond(200, kTokenJson);
  }));

  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_EQ(result->credentials.access_token, "ya29.new");
  EXPECT_EQ(result->credentials.refresh_token, "1//refresh");
  EXPECT_EQ(result->credentials.client_id, "id.apps.googleusercontent.com");
  EXPECT_EQ(result->credentials.expiry, clock_.Now() + std::chrono::seconds(3599));
  EXPECT_TRUE(result->missing_scopes.empty());
  EXPECT_FALSE(result->refresh_token_missing);
  EXPECT_TRUE(page.success);
  EXPECT_EQ(QueryParam(opened, "redirect_uri"), "http://127.0.0.1:5555/");
  EXPECT_EQ(QueryParam(opened, "code_challenge_method"), "S256");
  EXPECT_EQ(QueryParam(opened, "access_type"), "offline");
  EXPECT_EQ(QueryParam(opened, "scope"),
            "https://www.googleapis.com/auth/drive.metadata.readonly");
  EXPECT_THAT(console_.Printed(), HasSubstr(opened));
}

TEST_F(InstalledAppFlowTest, LoopbackRefusesWrongStatesAndTakesTheRightCallbackAfter) {
  std::string opened;
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Invoke([&](std::string const& url) {
    opened = url;
    return Status{};
  }));
  std::vector<RedirectPage> pages;
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point, RedirectHandler const& handler,
                           CancellationToken const*) {
        // What any local process can send: neither may end or hijack the sign-in, a forged
        // error= included.
        std::string const state = QueryParam(opened, "state");
        for (std::string const& query : std::vector<std::string>{
                 "code=4/0Aforged&state=WRONG", "code=x", "error=access_denied",
                 "error=access_denied&state=WRONG", "code=y&state=" + state + "&state=" + state}) {
          pages.push_back(handler("http://127.0.0.1:5555/?" + query));
        }
        auto const url = "http://127.0.0.1:5555/?code=4/0Areal&state=" +
                         QueryParam(opened, "state");
        pages.push_back(handler(url));
        return Result<std::string>(url);
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Areal");
    return Respond(200, kTokenJson);
  }));

  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  ASSERT_EQ(pages.size(), 6u);
  for (std::size_t i = 0; i + 1 < pages.size(); ++i) {
    EXPECT_EQ(pages[i].verdict, RedirectPage::Verdict::kRejectAndKeepWaiting) << i;
    EXPECT_FALSE(pages[i].success) << i;
    EXPECT_THAT(pages[i].message, HasSubstr("state")) << i;
  }
  EXPECT_EQ(pages.back().verdict, RedirectPage::Verdict::kAccept);
  EXPECT_TRUE(pages.back().success);
}

TEST_F(InstalledAppFlowTest, LoopbackTimeoutCountsTheForgedCallbacksItRefused) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point, RedirectHandler const& handler,
                           CancellationToken const*) {
        handler("http://127.0.0.1:5555/?state=WRONG&code=x");
        handler("http://127.0.0.1:5555/?state=WRONG2&code=x");
        return Result<std::string>(MakeError(ErrorCode::kTimeout, "deadline"));
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).Times(0);

  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message,
              ::testing::AllOf(HasSubstr("within 300 s"),
                               HasSubstr("refused 2 callbacks with a wrong state"),
                               HasSubstr("http://127.0.0.1:5555/")));
}

TEST_F(InstalledAppFlowTest, LoopbackTimeoutWithoutForgeriesSaysNothingAboutThem) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:5555/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Return(Result<std::string>(MakeError(ErrorCode::kTimeout, "deadline"))));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, ::testing::Not(HasSubstr("refused")));
}

TEST_F(InstalledAppFlowTest, LoopbackReportsAccessDenied) {
  std::string opened;
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:1/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Invoke([&](std::string const& url) {
    opened = url;
    return Status{};
  }));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point, RedirectHandler const& handler,
                           CancellationToken const*) {
        auto const url = "http://127.0.0.1:1/?error=access_denied&state=" +
                         QueryParam(opened, "state");
        // The server's own error (the right state) ends the wait, with a failure page.
        auto const page = handler(url);
        EXPECT_EQ(page.verdict, RedirectPage::Verdict::kAccept);
        EXPECT_FALSE(page.success);
        return Result<std::string>(url);
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).Times(0);
  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAccessDenied);
}

TEST_F(InstalledAppFlowTest, BusyPortFailsBeforeTheBrowserOpens) {
  EXPECT_CALL(receiver_, Listen(_))
      .WillOnce(Return(Result<std::string>(
          MakeError(ErrorCode::kPortInUse, "port 8080 on 127.0.0.1 is in use"))));
  EXPECT_CALL(browser_, Open(_)).Times(0);
  EXPECT_CALL(http_, Send(_)).Times(0);
  auto result = Flow().RunLocalServer(LoopbackRedirect{"127.0.0.1", 8080}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kPortInUse);
}

TEST_F(InstalledAppFlowTest, TimeoutReleasesTheListenerAndSaysWhatWasAwaited) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:7/")));
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Return(Result<std::string>(MakeError(ErrorCode::kTimeout, "deadline"))));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  auto options = Options();
  options.timeout = std::chrono::seconds(42);
  auto result = Flow().RunLocalServer(LoopbackRedirect{}, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message, HasSubstr("42 s"));
}

TEST_F(InstalledAppFlowTest, BrowserFailureIsNotFatal) {
  EXPECT_CALL(receiver_, Listen(_)).WillOnce(Return(Result<std::string>("http://127.0.0.1:9/")));
  EXPECT_CALL(browser_, Open(_))
      .WillOnce(Return(Status(MakeError(ErrorCode::kUnsupported, "no browser found"))));
  EXPECT_CALL(receiver_, WaitForRedirect(_, _, _))
      .WillOnce(Invoke([&](Clock::time_point, RedirectHandler const& handler,
                           CancellationToken const*) {
        auto const url = "http://127.0.0.1:9/?code=c&state=" +
                         QueryParam(UrlIn(console_.Printed()), "state");
        handler(url);
        return Result<std::string>(url);
      }));
  EXPECT_CALL(receiver_, Close()).Times(::testing::AtLeast(1));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, kTokenJson)));
  auto result = Flow().RunLocalServer(LoopbackRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_THAT(console_.Printed(), HasSubstr("open the URL above yourself"));
}

TEST_F(InstalledAppFlowTest, ConsoleModeSendsTheOobRedirectAndThePastedCode) {
  console_.AddAnswer("  4/0Apasted  ");
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Apasted");
    EXPECT_EQ(BodyField(request.body, "redirect_uri"), "urn:ietf:wg:oauth:2.0:oob");
    return Respond(200, kTokenJson);
  }));
  auto result = Flow().Run(OobRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_EQ(QueryParam(UrlIn(console_.Printed()), "redirect_uri"), "urn:ietf:wg:oauth:2.0:oob");
}

TEST_F(InstalledAppFlowTest, OobAutoReadsTheCodeFromThePageTitle) {
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(browser_, WaitForPageTitle(_, _))
      .WillOnce(Return(Result<std::string>("Success code=4/0Atitle")));
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Atitle");
    EXPECT_EQ(BodyField(request.body, "redirect_uri"), "urn:ietf:wg:oauth:2.0:oob:auto");
    return Respond(200, kTokenJson);
  }));
  auto result = Flow().Run(OobAutoRedirect{}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
}

TEST_F(InstalledAppFlowTest, OobAutoDeniedTitleIsAccessDenied) {
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(browser_, WaitForPageTitle(_, _))
      .WillOnce(Return(Result<std::string>("Denied error=access_denied")));
  EXPECT_CALL(http_, Send(_)).Times(0);
  auto result = Flow().Run(OobAutoRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAccessDenied);
}

TEST_F(InstalledAppFlowTest, OobAutoFallsBackToPastingWhenTheBrowserCannotReportTitles) {
  console_.AddAnswer("4/0Atyped");
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(browser_, WaitForPageTitle(_, _))
      .WillOnce(Return(Result<std::string>(MakeError(ErrorCode::kUnsupported, "no titles"))));
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Atyped");
    return Respond(200, kTokenJson);
  }));
  ASSERT_TRUE(Flow().Run(OobAutoRedirect{}, Options()));
}

TEST_F(InstalledAppFlowTest, PasteModeNeverOpensABrowserAndChecksThePastedUrl) {
  console_.AddAnswer([](std::string const& printed) {
    return "http://127.0.0.1:8085/?state=" + QueryParam(UrlIn(printed), "state") +
           "&code=4/0Apaste&scope=x";
  });
  EXPECT_CALL(browser_, Open(_)).Times(0);
  EXPECT_CALL(http_, Send(_)).WillOnce(Invoke([&](HttpRequest const& request) {
    EXPECT_EQ(BodyField(request.body, "code"), "4/0Apaste");
    EXPECT_EQ(BodyField(request.body, "redirect_uri"), "http://127.0.0.1:8085/");
    EXPECT_FALSE(BodyField(request.body, "code_verifier").empty());
    return Respond(200, kTokenJson);
  }));
  auto result = Flow().Run(PasteRedirect{LoopbackRedirect{"127.0.0.1", 8085}}, Options());
  ASSERT_TRUE(result) << ToString(result.error());
}

TEST_F(InstalledAppFlowTest, PasteModeRejectsAUrlWithAnotherState) {
  console_.AddAnswer("http://127.0.0.1:8085/?state=other&code=4/0Apaste");
  EXPECT_CALL(http_, Send(_)).Times(0);
  auto result = Flow().Run(PasteRedirect{LoopbackRedirect{"127.0.0.1", 8085}}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kStateMismatch);
}

TEST_F(InstalledAppFlowTest, MissingRefreshTokenAndNarrowerScopesAreReported) {
  console_.AddAnswer("code");
  EXPECT_CALL(browser_, Open(_)).WillOnce(Return(Status{}));
  EXPECT_CALL(http_, Send(_)).WillOnce(Return(Respond(200, R"({"access_token":"ya29.a",
      "expires_in":"3599","token_type":"Bearer",
      "scope":"https://www.googleapis.com/auth/drive.metadata.readonly"})")));
  auto options = Options();
  options.scopes = {"drive.metadata.readonly", "drive.readonly"};
  auto result = Flow().Run(OobRedirect{}, options);
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_TRUE(result->refresh_token_missing);
  EXPECT_THAT(result->missing_scopes,
              ::testing::ElementsAre("https://www.googleapis.com/auth/drive.readonly"));
}

TEST_F(InstalledAppFlowTest, PlainHttpAuthorizationEndpointIsRefused) {
  auto secrets = Secrets();
  secrets.auth_uri = "http://accounts.example.com/o/oauth2/auth";
  InstalledAppFlow flow(secrets, std::nullopt, {http_, browser_, receiver_, clock_, console_});
  EXPECT_CALL(browser_, Open(_)).Times(0);
  auto result = flow.Run(OobRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInsecureTransport);
}

TEST_F(InstalledAppFlowTest, NoScopesIsAnError) {
  auto options = Options();
  options.scopes.clear();
  auto result = Flow().Run(OobRedirect{}, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(InstalledAppFlowTest, DeviceFlowShowsTheCodeAndPollsUntilApproved) {
  int calls = 0;
  EXPECT_CALL(http_, Send(_)).WillRepeatedly(Invoke([&](HttpRequest const& request) {
    ++calls;
    if (request.url == "https://oauth2.googleapis.com/device/code") {
      return Respond(200, R"({"device_code":"dev","user_code":"ABCD-EFGH",
        "verification_url":"https://www.google.com/device","expires_in":1800,"interval":5})");
    }
    EXPECT_EQ(BodyField(request.body, "grant_type"),
              "urn:ietf:params:oauth:grant-type:device_code");
    if (calls == 2) return Respond(428, R"({"error":"authorization_pending"})");
    return Respond(200, kTokenJson);
  }));
  auto result = Flow().RunDeviceFlow(Options());
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_EQ(result->credentials.refresh_token, "1//refresh");
  EXPECT_THAT(console_.Printed(), HasSubstr("ABCD-EFGH"));
  EXPECT_THAT(console_.Printed(), HasSubstr("https://www.google.com/device"));
  EXPECT_EQ(calls, 3);
}

// What the flow reports to its FlowObserver in each mode, and how its CancellationToken ends
// each wait. Time is a FakeClock: nothing here sleeps.

constexpr char kDeviceCodeJson[] = R"({"device_code":"dev","user_code":"ABCD-EFGH",
  "verification_url":"https://www.google.com/device",
  "verification_url_complete":"https://www.google.com/device?user_code=ABCD-EFGH",
  "expires_in":1800,"interval":5})";

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
  FlowOptions Options() {
    FlowOptions options;
    options.scopes = {"drive.metadata.readonly"};
    return options;
  }

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
  // The flow's token reaches the wait for the title as it does the loopback wait.
  EXPECT_CALL(browser_, WaitForPageTitle(_, &cancel_))
      .WillOnce(Invoke([&](Clock::time_point deadline, CancellationToken const*) {
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

}  // namespace
}  // namespace gauthflow
