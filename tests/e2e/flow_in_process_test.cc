// The core flow in one process with the real pieces around it: InstalledAppFlow, the real
// LoopbackRedirectReceiver, PocoHttpClient, FakeGoogleServer on port 0, and the scripted browser
// that submits the consent page as a person would. Every redirect mode, then the error paths
// that need a hand inside the process (tampering, a fake clock).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "e2e_support.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/cli/failure.h"
#include "gauthflow/browser/scripted_browser.h"
#include "gauthflow/device_flow.h"
#include "gauthflow/endpoints.h"
#include "gauthflow/installed_app_flow.h"
#include "gauthflow/mockserver/fake_google_server.h"
#include "gauthflow/poco/loopback_redirect_receiver.h"
#include "gauthflow/poco/system_clock.h"
#include "gauthflow/token_info.h"
#include "gauthflow/token_source.h"
#include "testing/fake_clock.h"
#include "testing/scripted_console.h"

namespace gauthflow::e2e {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::ScriptedConsole;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The fake server reads the same fake clock as the flow, so that waits the flow "sleeps" are
// seen by the server too (no slow_down, expiry in step).
class ServerClock : public mockserver::Clock {
 public:
  explicit ServerClock(FakeClock& clock) : clock_(clock) {}
  time_point Now() const override { return clock_.Now(); }

 private:
  FakeClock& clock_;
};

// Rewrites requests on their way out: the attacker in the middle of the tampering tests.
class TamperingHttpClient : public HttpClient {
 public:
  using Rewrite = std::function<void(HttpRequest&)>;
  TamperingHttpClient(HttpClient& inner, Rewrite rewrite)
      : inner_(inner), rewrite_(std::move(rewrite)) {}
  Result<HttpResponse> Send(HttpRequest const& request) override {
    HttpRequest copy = request;
    if (rewrite_) rewrite_(copy);
    sent_.push_back(copy);
    return inner_.Send(copy);
  }
  std::vector<HttpRequest> const& sent() const { return sent_; }

 private:
  HttpClient& inner_;
  Rewrite rewrite_;
  std::vector<HttpRequest> sent_;
};

// Changes the URL before the browser sees it (a forged state).
class RewritingBrowser : public BrowserLauncher {
 public:
  RewritingBrowser(BrowserLauncher& inner, std::function<std::string(std::string)> rewrite)
      : inner_(inner), rewrite_(std::move(rewrite)) {}
  Status Open(std::string const& url) override { return inner_.Open(rewrite_(url)); }
  Result<std::string> WaitForPageTitle(Clock::time_point deadline,
                                       CancellationToken const* cancel) override {
    return inner_.WaitForPageTitle(deadline, cancel);
  }

 private:
  BrowserLauncher& inner_;
  std::function<std::string(std::string)> rewrite_;
};

// The real receiver, while the (fake) time runs out: nobody ever signs in.
class TimePassingReceiver : public RedirectReceiver {
 public:
  TimePassingReceiver(RedirectReceiver& inner, FakeClock& clock) : inner_(inner), clock_(clock) {}
  Result<std::string> Listen(LoopbackRedirect const& mode) override { return inner_.Listen(mode); }
  Result<std::string> WaitForRedirect(Clock::time_point deadline, RedirectHandler const& handler,
                                      CancellationToken const* cancel) override {
    clock_.Set(deadline);
    return inner_.WaitForRedirect(deadline, handler, cancel);
  }
  void Close() override { inner_.Close(); }

 private:
  RedirectReceiver& inner_;
  FakeClock& clock_;
};

// The real receiver; once the flow has refused a callback, the (fake) time runs out.
class TimeRunsOutAfterARefusal : public RedirectReceiver {
 public:
  TimeRunsOutAfterARefusal(RedirectReceiver& inner, FakeClock& clock)
      : inner_(inner), clock_(clock) {}
  Result<std::string> Listen(LoopbackRedirect const& mode) override { return inner_.Listen(mode); }
  Result<std::string> WaitForRedirect(Clock::time_point deadline, RedirectHandler const& handler,
                                      CancellationToken const* cancel) override {
    return inner_.WaitForRedirect(
        deadline,
        [&](std::string_view url) {
          auto page = handler(url);
          if (page.verdict == RedirectPage::Verdict::kRejectAndKeepWaiting) {
            ++refused_;
            clock_.Set(deadline);
          }
          return page;
        },
        cancel);
  }
  void Close() override { inner_.Close(); }
  int refused() const { return refused_; }

 private:
  RedirectReceiver& inner_;
  FakeClock& clock_;
  int refused_ = 0;
};

// A browser that never loads anything.
class IdleBrowser : public BrowserLauncher {
 public:
  Status Open(std::string const&) override { return {}; }
  Result<std::string> WaitForPageTitle(Clock::time_point, CancellationToken const*) override {
    return MakeError(ErrorCode::kUnsupported, "idle");
  }
};

class FlowInProcessTest : public ::testing::Test {
 protected:
  void Start(std::shared_ptr<mockserver::Clock const> clock,
             mockserver::ServerConfig config = mockserver::DefaultServerConfig()) {
    server_ = std::make_unique<mockserver::FakeGoogleServer>(std::move(config), std::move(clock));
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    base_ = server_->base_url();
    auto endpoints = EndpointsAtBase(base_);
    ASSERT_TRUE(endpoints);
    endpoints_ = *endpoints;
  }
  void SetUp() override { Start(std::make_shared<mockserver::SystemClock>()); }

  ClientSecrets Secrets() const {
    ClientSecrets secrets;
    secrets.client_id = kDemoClientId;
    secrets.client_secret = kDemoClientSecret;
    return secrets;
  }
  FlowOptions Options() const {
    FlowOptions options;
    options.scopes = {"openid", "email", "drive.metadata.readonly"};
    options.timeout = std::chrono::seconds(60);
    options.retry.initial_delay = std::chrono::milliseconds(1);
    return options;
  }
  // Runs the flow with the real receiver and a scripted browser (or `browser`).
  Result<FlowResult> RunFlow(RedirectMode const& mode, FlowOptions const& options,
                             HttpClient& http, BrowserLauncher& browser, Clock& clock) {
    LoopbackRedirectReceiver receiver(clock);
    InstalledAppFlow flow(Secrets(), endpoints_, {http, browser, receiver, clock, console_});
    return flow.Run(mode, options);
  }
  Result<FlowResult> RunFlow(RedirectMode const& mode, FlowOptions const& options) {
    return RunFlow(mode, options, TestHttp(), browser_, clock_);
  }
  void ExpectSignedIn(Result<FlowResult> const& result) {
    ASSERT_TRUE(result) << ToString(result.error()) << "\n" << console_.Printed();
    EXPECT_THAT(result->credentials.access_token, StartsWith("ya29."));
    EXPECT_THAT(result->credentials.refresh_token.value_or(""), StartsWith("1//"));
    EXPECT_FALSE(result->refresh_token_missing);
    EXPECT_TRUE(result->missing_scopes.empty());
    // The token works against the server that issued it.
    auto info = GetTokenInfo(TestHttp(), endpoints_.tokeninfo, result->credentials.access_token);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->email, kDemoUser);
  }
  std::string ExchangedRedirectUri() {
    for (auto const& entry : Journal(base_)) {
      if (entry.path == "/token" && entry.form.count("redirect_uri")) {
        return entry.form.at("redirect_uri");
      }
    }
    return "<none>";
  }
  // What the CLI would print and exit with for this failure of `login`.
  static cli::Failure AsLogin(Error const& error) {
    cli::FailureContext context;
    context.stage = cli::Stage::kLogin;
    return cli::Explain(error, context);
  }

  std::unique_ptr<mockserver::FakeGoogleServer> server_;
  std::string base_;
  Endpoints endpoints_;
  SystemClock clock_;
  ScriptedConsole console_;
  cli::ScriptedBrowser browser_{TestHttp(), cli::BrowserScript{}};
};

// --- every redirect mode ---------------------------------------------------------------------

TEST_F(FlowInProcessTest, LoopbackOn127001EphemeralPort) {
  ExpectSignedIn(RunFlow(LoopbackRedirect{}, Options()));
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+/)"));
}

TEST_F(FlowInProcessTest, LocalhostWithAFixedPort) {
  LoopbackRedirect mode;
  mode.host = "localhost";
  mode.port = FreePort();
  ExpectSignedIn(RunFlow(mode, Options()));
  EXPECT_EQ(ExchangedRedirectUri(), "http://localhost:" + std::to_string(mode.port) + "/");
}

TEST_F(FlowInProcessTest, Ipv6Loopback) {
  if (!HasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  LoopbackRedirect mode;
  mode.host = "[::1]";
  ExpectSignedIn(RunFlow(mode, Options()));
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://\[::1\]:[0-9]+/)"));
}

TEST_F(FlowInProcessTest, TrailingSlashOff) {
  LoopbackRedirect mode;
  mode.trailing_slash = false;
  ExpectSignedIn(RunFlow(mode, Options()));
  EXPECT_THAT(ExchangedRedirectUri(), ::testing::MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+)"));
}

TEST_F(FlowInProcessTest, OobWithTheCodePasted) {
  // The person reads the code off the page the browser shows and types it in.
  console_.AddAnswer([this](std::string const&) {
    auto visit = browser_.WaitForVisit();
    auto const title = visit ? visit->title : "";
    return title.substr(title.find("code=") + 5);
  });
  ExpectSignedIn(RunFlow(OobRedirect{}, Options()));
  EXPECT_EQ(ExchangedRedirectUri(), kOobRedirectUri);
}

TEST_F(FlowInProcessTest, OobAutoReadsThePageTitle) {
  ExpectSignedIn(RunFlow(OobAutoRedirect{}, Options()));
  EXPECT_EQ(ExchangedRedirectUri(), kOobAutoRedirectUri);
}

TEST_F(FlowInProcessTest, PasteTheRedirectUrl) {
  PasteRedirect mode;
  mode.target.port = FreePort();
  console_.AddAnswer([this](std::string const& printed) {
    auto visit = browser_.Visit(FirstUrl(printed));
    return visit ? visit->address : std::string();
  });
  ExpectSignedIn(RunFlow(mode, Options()));
  EXPECT_EQ(ExchangedRedirectUri(), "http://127.0.0.1:" + std::to_string(mode.target.port) + "/");
}

// Approves the device code on the fake's verification page as soon as the flow shows it.
class DeviceApprovingConsole : public Console {
 public:
  explicit DeviceApprovingConsole(std::string base) : base_(std::move(base)) {}
  void Print(std::string_view text) override {
    std::smatch match;
    std::string const line(text);
    if (!std::regex_search(line, match, std::regex("the code ([A-Z]{4}-[A-Z]{4})"))) return;
    cli::BrowserScript script;
    script.user_code = match[1].str();
    cli::ScriptedBrowser browser(TestHttp(), script);
    auto visit = browser.Visit(base_ + "/device");
    title = visit ? visit->title : "";
  }
  Result<std::string> ReadLine(std::string_view) override {
    return MakeError(ErrorCode::kInvalidArgument, "no input");
  }
  std::string title;

 private:
  std::string base_;
};

TEST_F(FlowInProcessTest, DeviceFlowApprovedOnTheVerificationPage) {
  FakeClock clock;  // the 5 s polling interval passes at once, for the server as well
  Start(std::make_shared<ServerClock>(clock));
  DeviceApprovingConsole console(base_);
  LoopbackRedirectReceiver receiver(clock);
  InstalledAppFlow flow(Secrets(), endpoints_, {TestHttp(), browser_, receiver, clock, console});
  auto options = Options();
  options.scopes = {"openid", "email", "drive.file"};
  auto result = flow.RunDeviceFlow(options);
  EXPECT_EQ(console.title, "Success");
  ASSERT_TRUE(result) << ToString(result.error());
  EXPECT_THAT(result->credentials.access_token, StartsWith("ya29."));
  EXPECT_FALSE(clock.Sleeps().empty());
}

// --- error paths -----------------------------------------------------------------------------

TEST_F(FlowInProcessTest, UserDenies) {
  cli::BrowserScript deny;
  deny.allow = false;
  cli::ScriptedBrowser browser(TestHttp(), deny);
  auto result = RunFlow(LoopbackRedirect{}, Options(), TestHttp(), browser, clock_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAccessDenied);
  auto const failure = AsLogin(result.error());
  EXPECT_EQ(failure.exit_code, cli::kExitAccessDenied);
  EXPECT_THAT(failure.message, HasSubstr("the sign-in was denied in the browser"));
}

TEST_F(FlowInProcessTest, TamperedStateIsRefusedAndNeverExchanged) {
  RewritingBrowser forging(browser_, [](std::string url) {
    return std::regex_replace(url, std::regex("state=[^&]+"), "state=forged-by-an-attacker");
  });
  // The forged callback gets a 400 and the sign-in keeps waiting for the real one, until its
  // (fake) time runs out.
  FakeClock clock;
  LoopbackRedirectReceiver real(clock);
  TimeRunsOutAfterARefusal receiver(real, clock);
  InstalledAppFlow flow(Secrets(), endpoints_, {TestHttp(), forging, receiver, clock, console_});
  auto result = flow.Run(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message, HasSubstr("refused 1 callback with a wrong state"));
  EXPECT_EQ(receiver.refused(), 1);
  EXPECT_EQ(AsLogin(result.error()).exit_code, cli::kExitTimeout);
  EXPECT_TRUE(StatusesOf(base_, "/token").empty());
}

TEST_F(FlowInProcessTest, TamperedPkceVerifierIsRejectedByTheServer) {
  TamperingHttpClient http(TestHttp(), [](HttpRequest& request) {
    request.body = std::regex_replace(request.body, std::regex("code_verifier=[^&]+"),
                                      "code_verifier=" + std::string(64, 'A'));
  });
  auto result = RunFlow(OobAutoRedirect{}, Options(), http, browser_, clock_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(result.error().message, HasSubstr("Invalid code verifier."));
  EXPECT_EQ(AsLogin(result.error()).exit_code, cli::kExitAuthorizationFailed);
}

TEST_F(FlowInProcessTest, CodeUsedTwiceIsRejectedAndRevokesTheFirstTokens) {
  TamperingHttpClient http(TestHttp(), nullptr);
  auto first = RunFlow(OobAutoRedirect{}, Options(), http, browser_, clock_);
  ExpectSignedIn(first);
  auto const exchange = std::find_if(http.sent().begin(), http.sent().end(),
                                     [](HttpRequest const& request) {
                                       return request.body.find(
                                                  "grant_type=authorization_code") !=
                                              std::string::npos;
                                     });
  ASSERT_NE(exchange, http.sent().end());
  auto replay = TestHttp().Send(*exchange);
  ASSERT_TRUE(replay);
  auto const error = ParseTokenError(replay->status, replay->body, "token endpoint");
  EXPECT_EQ(error.code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(error.message, HasSubstr("Bad Request"));
  EXPECT_EQ(AsLogin(error).exit_code, cli::kExitAuthorizationFailed);
  // RFC 6749 §4.1.2: the fake revokes what the code had issued.
  auto info = GetTokenInfo(TestHttp(), endpoints_.tokeninfo, first->credentials.access_token);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kInvalidToken);
}

TEST_F(FlowInProcessTest, ExpiredCodeIsRejected) {
  PasteRedirect mode;
  mode.target.port = FreePort();
  console_.AddAnswer([this](std::string const& printed) {
    auto visit = browser_.Visit(FirstUrl(printed));
    AdvanceServerClock(base_, 10 * 60 + 1);  // the person pastes after the code's 10 minutes
    return visit ? visit->address : std::string();
  });
  auto result = RunFlow(mode, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(result.error().message, HasSubstr("Bad Request"));
  EXPECT_THAT(AsLogin(result.error()).message, HasSubstr("within 10 minutes"));
}

TEST_F(FlowInProcessTest, NoCallbackBeforeTheTimeout) {
  FakeClock clock;
  IdleBrowser idle;
  LoopbackRedirectReceiver real(clock);
  TimePassingReceiver receiver(real, clock);
  InstalledAppFlow flow(Secrets(), endpoints_, {TestHttp(), idle, receiver, clock, console_});
  auto result = flow.Run(LoopbackRedirect{}, Options());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(result.error().message, HasSubstr("within 60 s"));
  auto const failure = AsLogin(result.error());
  EXPECT_EQ(failure.exit_code, cli::kExitTimeout);
  EXPECT_THAT(failure.message, HasSubstr("raise --timeout"));
}

TEST_F(FlowInProcessTest, TwoServiceUnavailableThenSuccessWithBackoffOnTheFakeClock) {
  FakeClock clock;
  Start(std::make_shared<ServerClock>(clock));
  ArmFault(base_, "/token", 503, 2);
  auto options = Options();
  options.retry.initial_delay = std::chrono::seconds(1);
  ExpectSignedIn(RunFlow(OobAutoRedirect{}, options, TestHttp(), browser_, clock));
  EXPECT_THAT(StatusesOf(base_, "/token"), ElementsAre(503, 503, 200));
  EXPECT_EQ(clock.Sleeps().size(), 2u);  // two backoffs, waited on the fake clock
}

TEST_F(FlowInProcessTest, ExpiredAccessTokenIsRefreshedThroughTheCachedSource) {
  FakeClock clock;
  Start(std::make_shared<ServerClock>(clock));
  auto result = RunFlow(OobAutoRedirect{}, Options(), TestHttp(), browser_, clock);
  ExpectSignedIn(result);
  auto const credentials = result->credentials;
  TokenClientConfig config;
  config.token_uri = credentials.token_uri;
  config.client_id = credentials.client_id;
  config.client_secret = credentials.client_secret;
  TokenClient client(TestHttp(), clock, config);
  std::vector<Credentials> saved;
  CachedTokenSource source(
      std::make_unique<RefreshingTokenSource>(client, credentials,
                                              [&](Credentials const& c) { saved.push_back(c); }),
      AccessToken{credentials.access_token, *credentials.expiry});
  EXPECT_EQ(source.GetToken(clock.Now())->token, credentials.access_token);
  clock.Advance(std::chrono::hours(1));
  auto fresh = source.GetToken(clock.Now());
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_NE(fresh->token, credentials.access_token);
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].refresh_token, credentials.refresh_token);
  // The old token has expired at the server; the new one works.
  EXPECT_FALSE(GetTokenInfo(TestHttp(), endpoints_.tokeninfo, credentials.access_token));
  EXPECT_TRUE(GetTokenInfo(TestHttp(), endpoints_.tokeninfo, fresh->token));
}

}  // namespace
}  // namespace gauthflow::e2e
