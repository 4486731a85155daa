#include "gauthflow/device_flow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <Poco/Net/HTMLForm.h>

#include "testing/fake_clock.h"
#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::ResultOf;
using ::testing::Return;
using ::testing::UnorderedElementsAre;
using std::chrono::seconds;

constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token";
constexpr char kDeviceUri[] = "https://oauth2.googleapis.com/device/code";
constexpr char kClientId[] = "123-tv.apps.googleusercontent.com";
constexpr char kClientSecret[] = "GOCSPX-tv";
constexpr char kGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

constexpr char kGoogleDeviceCode[] = R"({"device_code": "AH-1Ng3secret", "user_code": "GQVQ-JKEC",
  "expires_in": 1800, "interval": 5, "verification_url": "https://www.google.com/device"})";
constexpr char kTokenJson[] = R"({"access_token": "ya29.tv", "expires_in": 3599,
  "refresh_token": "1//tv", "scope": "openid", "token_type": "Bearer"})";
constexpr char kPending[] = R"({"error": "authorization_pending",
  "error_description": "Precondition Required"})";
constexpr char kSlowDown[] = R"({"error": "slow_down", "error_description": "Rate limit"})";

auto const kNow = std::chrono::system_clock::time_point(seconds(1'800'000'000));

std::map<std::string, std::string> FormFields(std::string const& body) {
  Poco::Net::HTMLForm form;
  form.read(body);
  std::map<std::string, std::string> fields;
  for (auto const& [name, value] : form) fields.emplace(name, value);
  return fields;
}

MATCHER_P(IsFormPostTo, url, "a form POST to " + std::string(url)) {
  return arg.method == "POST" && arg.url == url &&
         FindHeader(arg.headers, "Content-Type") == "application/x-www-form-urlencoded";
}

template <typename... M>
auto FormIs(M... fields) {
  return Field(&HttpRequest::body, ResultOf(FormFields, UnorderedElementsAre(fields...)));
}

TokenClientConfig Config() {
  TokenClientConfig config;
  config.token_uri = kTokenUri;
  config.revoke_uri = "https://oauth2.googleapis.com/revoke";
  config.client_id = kClientId;
  config.client_secret = kClientSecret;
  return config;
}

DeviceCode CodeExpiringIn(FakeClock& clock, seconds lifetime, seconds interval = seconds(5)) {
  DeviceCode code;
  code.device_code = "AH-1Ng3secret";
  code.user_code = "GQVQ-JKEC";
  code.verification_url = "https://www.google.com/device";
  code.expiry = clock.Now() + lifetime;
  code.interval = interval;
  return code;
}

auto PollRequest() {
  return AllOf(IsFormPostTo(kTokenUri),
               FormIs(Pair("grant_type", kGrant), Pair("device_code", "AH-1Ng3secret"),
                      Pair("client_id", kClientId), Pair("client_secret", kClientSecret)));
}

// The doubles every device-flow test needs, wired as an application would wire them.
struct Doubles {
  MockHttpClient http;
  FakeClock clock;
  TokenClient client{http, clock, Config()};
  DeviceFlow flow{client, clock, kDeviceUri};
};

TEST(ParseDeviceCodeResponse, ReadsGooglesShape) {
  auto const code = ParseDeviceCodeResponse(kGoogleDeviceCode, kNow);
  ASSERT_TRUE(code) << code.error().message;
  EXPECT_EQ(code->device_code, "AH-1Ng3secret");
  EXPECT_EQ(code->user_code, "GQVQ-JKEC");
  EXPECT_EQ(code->verification_url, "https://www.google.com/device");
  EXPECT_EQ(code->verification_url_complete, std::nullopt);
  EXPECT_EQ(code->expiry, kNow + seconds(1800));
  EXPECT_EQ(code->interval, seconds(5));
}

TEST(ParseDeviceCodeResponse, ReadsRfc8628NamesAndStringNumbers) {
  auto const code = ParseDeviceCodeResponse(
      R"({"device_code": "d", "user_code": "u", "expires_in": "600", "interval": "7",
          "verification_uri": "https://example.com/device",
          "verification_uri_complete": "https://example.com/device?user_code=u"})",
      kNow);
  ASSERT_TRUE(code) << code.error().message;
  EXPECT_EQ(code->verification_url, "https://example.com/device");
  EXPECT_EQ(code->verification_url_complete, "https://example.com/device?user_code=u");
  EXPECT_EQ(code->expiry, kNow + seconds(600));
  EXPECT_EQ(code->interval, seconds(7));
}

TEST(ParseDeviceCodeResponse, IntervalDefaultsToFiveSeconds) {
  for (auto const* interval : {"", R"(, "interval": 0)"}) {
    auto const body = std::string(R"({"device_code": "d", "user_code": "u", "expires_in": 60,
        "verification_url": "https://www.google.com/device")") +
                      interval + "}";
    auto const code = ParseDeviceCodeResponse(body, kNow);
    ASSERT_TRUE(code) << code.error().message;
    EXPECT_EQ(code->interval, seconds(5));
  }
}

TEST(ParseDeviceCodeResponse, MissingFieldsAreNamed) {
  struct Case {
    char const* body;
    char const* field;
  };
  for (auto const& c : {
           Case{R"({"user_code": "u", "expires_in": 60, "verification_url": "x"})",
                "device_code"},
           Case{R"({"device_code": "AH-secret", "expires_in": 60, "verification_url": "x"})",
                "user_code"},
           Case{R"({"device_code": "AH-secret", "user_code": "u", "expires_in": 60})",
                "verification_uri"},
           Case{R"({"device_code": "AH-secret", "user_code": "u", "verification_url": "x"})",
                "expires_in"},
       }) {
    auto const code = ParseDeviceCodeResponse(c.body, kNow);
    ASSERT_FALSE(code) << c.body;
    EXPECT_EQ(code.error().code, ErrorCode::kMissingField) << c.body;
    EXPECT_THAT(code.error().message,
                AllOf(HasSubstr("device authorization response"), HasSubstr(c.field),
                      Not(HasSubstr("AH-secret"))));
  }
}

TEST(ParseDeviceCodeResponse, BadValuesAreInvalidOrMalformed) {
  auto const bad_interval = ParseDeviceCodeResponse(
      R"({"device_code": "d", "user_code": "u", "expires_in": 60, "interval": "often",
          "verification_url": "x"})",
      kNow);
  ASSERT_FALSE(bad_interval);
  EXPECT_EQ(bad_interval.error().code, ErrorCode::kInvalidField);
  EXPECT_THAT(bad_interval.error().message, HasSubstr("interval"));

  auto const not_json = ParseDeviceCodeResponse("<html>", kNow);
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, ErrorCode::kMalformedJson);
}

TEST(DeviceFlow, RequestCodeSendsClientIdAndScopeOnly) {
  Doubles d;
  EXPECT_CALL(d.http,
              Send(AllOf(IsFormPostTo(kDeviceUri),
                         FormIs(Pair("client_id", kClientId),
                                Pair("scope", "openid https://www.googleapis.com/auth/drive.file")))))
      .WillOnce(Return(Respond(200, kGoogleDeviceCode)));
  auto const code = d.flow.RequestCode({"openid", "https://www.googleapis.com/auth/drive.file"});
  ASSERT_TRUE(code) << code.error().message;
  EXPECT_EQ(code->user_code, "GQVQ-JKEC");
  EXPECT_EQ(code->expiry, d.clock.Now() + seconds(1800));
}

TEST(DeviceFlow, RequestCodeErrorsComeThroughParseTokenError) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(
          401, R"({"error": "invalid_client", "error_description": "Invalid client type."})")));
  auto const code = d.flow.RequestCode({"openid"});
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().code, ErrorCode::kInvalidClient);
  EXPECT_THAT(code.error().message,
              AllOf(HasSubstr("device authorization endpoint"), HasSubstr("Invalid client type.")));
}

TEST(DeviceFlow, RequestCodeRefusesPlainHttpBeforeAnyCall) {
  MockHttpClient http;
  FakeClock clock;
  TokenClient client(http, clock, Config());
  DeviceFlow flow(client, clock, "http://oauth2.example.com/device/code");
  EXPECT_CALL(http, Send(_)).Times(0);
  auto const code = flow.RequestCode({"openid"});
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().code, ErrorCode::kInsecureTransport);
  EXPECT_THAT(code.error().message, HasSubstr("device authorization endpoint"));
}

TEST(DeviceFlow, RequestCodeNeedsAScope) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_)).Times(0);
  EXPECT_EQ(d.flow.RequestCode({}).error().code, ErrorCode::kInvalidArgument);
}

TEST(DeviceFlow, PollsWhilePendingAtTheIntervalThenReturnsTheToken) {
  Doubles d;
  EXPECT_CALL(d.http, Send(PollRequest()))
      .WillOnce(Return(Respond(428, kPending)))
      .WillOnce(Return(Respond(428, kPending)))
      .WillOnce(Return(Respond(200, kTokenJson)));
  std::vector<DevicePollProgress> reports;
  auto const token = d.flow.PollForToken(
      CodeExpiringIn(d.clock, seconds(1800)),
      [&](DevicePollProgress const& p) { reports.push_back(p); });
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->access_token, "ya29.tv");
  EXPECT_EQ(token->refresh_token, "1//tv");
  EXPECT_THAT(d.clock.Sleeps(), ElementsAre(seconds(5), seconds(5), seconds(5)));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].polls, 1);
  EXPECT_EQ(reports[1].polls, 2);
  EXPECT_EQ(reports[1].state, "authorization_pending");
  EXPECT_EQ(reports[1].interval, seconds(5));
}

TEST(DeviceFlow, SlowDownRaisesTheIntervalByFiveSecondsForGood) {
  Doubles d;
  // Google has answered slow_down with 429, which must not be retried as a rate limit.
  EXPECT_CALL(d.http, Send(PollRequest()))
      .WillOnce(Return(Respond(429, kSlowDown, {{"Retry-After", "1"}})))
      .WillOnce(Return(Respond(428, kPending)))
      .WillOnce(Return(Respond(403, kSlowDown)))
      .WillOnce(Return(Respond(200, kTokenJson)));
  std::vector<std::string> states;
  auto const token =
      d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(1800)),
                          [&](DevicePollProgress const& p) { states.push_back(p.state); });
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_THAT(d.clock.Sleeps(), ElementsAre(seconds(5), seconds(10), seconds(10), seconds(15)));
  EXPECT_THAT(states, ElementsAre("slow_down", "authorization_pending", "slow_down"));
}

TEST(DeviceFlow, AccessDeniedStopsPolling) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_))
      .WillOnce(Return(Respond(428, kPending)))
      .WillOnce(Return(Respond(
          403, R"({"error": "access_denied", "error_description": "Forbidden"})")));
  auto const token = d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(1800)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(token.error().http_status, 403);
  EXPECT_THAT(token.error().message, AllOf(HasSubstr("declined"), Not(HasSubstr("AH-1Ng3"))));
}

TEST(DeviceFlow, ExpiredTokenFromTheServer) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(
          400, R"({"error": "expired_token", "error_description": "Expired device code."})")));
  auto const token = d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(1800)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kExpiredToken);
  EXPECT_THAT(token.error().message, HasSubstr("request a new code"));
}

TEST(DeviceFlow, ExpiryReachedByTheClockStopsBeforeAnotherPoll) {
  Doubles d;
  // Polls at +5 s and +10 s are pending; the next would be at +15 s, past the 12 s lifetime.
  EXPECT_CALL(d.http, Send(_)).Times(2).WillRepeatedly(Return(Respond(428, kPending)));
  auto const token = d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(12)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kExpiredToken);
  EXPECT_THAT(token.error().message,
              AllOf(HasSubstr("https://www.google.com/device"), HasSubstr("2 polls"),
                    Not(HasSubstr("AH-1Ng3"))));
}

TEST(DeviceFlow, ServerTroubleWhilePollingIsRetriedByTheTokenClient) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_))
      .WillOnce(Return(Respond(503, "<html>Service Unavailable</html>")))
      .WillOnce(Return(Respond(200, kTokenJson)));
  auto const token = d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(1800)));
  ASSERT_TRUE(token) << token.error().message;
  auto const sleeps = d.clock.Sleeps();
  ASSERT_EQ(sleeps.size(), 2u);  // the interval, then one backoff inside PostForm
  EXPECT_EQ(sleeps[0], seconds(5));
}

TEST(DeviceFlow, OtherErrorsStopPollingWithTheirCode) {
  Doubles d;
  EXPECT_CALL(d.http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(400, R"({"error": "invalid_grant",
                                        "error_description": "Malformed device code."})")));
  auto const token = d.flow.PollForToken(CodeExpiringIn(d.clock, seconds(1800)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(token.error().message, HasSubstr("Malformed device code."));
}

}  // namespace
}  // namespace gauthflow
