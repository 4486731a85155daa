#include "gauthflow/token_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

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
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::ResultOf;
using ::testing::Return;
using ::testing::UnorderedElementsAre;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token";
constexpr char kRevokeUri[] = "https://oauth2.googleapis.com/revoke";
constexpr char kClientId[] = "123-abc.apps.googleusercontent.com";
constexpr char kClientSecret[] = "GOCSPX-s3cr3t";
constexpr char kRedirect[] = "http://127.0.0.1:8085/";

constexpr char kTokenJson[] = R"({"access_token": "ya29.new", "expires_in": 3599,
  "refresh_token": "1//first", "scope": "openid https://www.googleapis.com/auth/drive.file",
  "token_type": "Bearer"})";
constexpr char kServiceUnavailable[] = "<html><title>503 Service Unavailable</title></html>";

// The body decoded by Poco's form parser, independently of our encoder.
std::map<std::string, std::string> FormFields(std::string const& body) {
  Poco::Net::HTMLForm form;
  form.read(body);
  std::map<std::string, std::string> fields;
  for (auto const& [name, value] : form) fields.emplace(name, value);
  return fields;
}

std::optional<std::string> Header(HttpRequest const& request, std::string const& name) {
  return FindHeader(request.headers, name);
}

MATCHER_P(IsFormPostTo, url, "a form POST to " + std::string(url)) {
  return arg.method == "POST" && arg.url == url &&
         FindHeader(arg.headers, "Content-Type") == "application/x-www-form-urlencoded";
}

template <typename... M>
auto FormIs(M... fields) {
  return Field(&HttpRequest::body, ResultOf(FormFields, UnorderedElementsAre(fields...)));
}

auto WithoutAuthorization() {
  return ResultOf([](HttpRequest const& r) { return Header(r, "Authorization"); }, std::nullopt);
}

TokenClientConfig Config() {
  TokenClientConfig config;
  config.token_uri = kTokenUri;
  config.revoke_uri = kRevokeUri;
  config.client_id = kClientId;
  config.client_secret = kClientSecret;
  return config;
}

Result<HttpResponse> TransportFailure() {
  return MakeError(ErrorCode::kTransport, "connection reset by peer");
}

void ExpectNoSecrets(std::string const& message) {
  for (auto const* secret : {kClientSecret, "4/0Acode", "verifier-xyz", "1//first", "1//old"}) {
    EXPECT_THAT(message, Not(HasSubstr(secret)));
  }
}

TEST(TokenClient, ExchangeCodeSendsTheAuthorizationCodeGrantInTheBody) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(AllOf(IsFormPostTo(kTokenUri), WithoutAuthorization(),
                               FormIs(Pair("grant_type", "authorization_code"),
                                      Pair("code", "4/0Acode+/="),
                                      Pair("code_verifier", "verifier-xyz"),
                                      Pair("redirect_uri", kRedirect),
                                      Pair("client_id", kClientId),
                                      Pair("client_secret", kClientSecret)))))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode+/=", "verifier-xyz", kRedirect);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->access_token, "ya29.new");
  EXPECT_EQ(token->refresh_token, "1//first");
  EXPECT_EQ(token->expiry, clock.Now() + seconds(3599));
  EXPECT_THAT(token->scopes, ElementsAre("openid", "https://www.googleapis.com/auth/drive.file"));
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

TEST(TokenClient, HttpBasicEncodesIdAndSecretBeforeBase64) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.client_id = "my client:1";
  config.client_secret = "p@ss word/+%";
  config.authentication = ClientAuthentication::kHttpBasic;
  // RFC 6749 §2.3.1: base64(urlencode("my client:1") ":" urlencode("p@ss word/+%"))
  //                = base64("my+client%3A1:p%40ss+word%2F%2B%25").
  EXPECT_CALL(http, Send(AllOf(
                        IsFormPostTo(kTokenUri),
                        ResultOf([](HttpRequest const& r) { return Header(r, "Authorization"); },
                                 "Basic bXkrY2xpZW50JTNBMTpwJTQwc3Mrd29yZCUyRiUyQiUyNQ=="),
                        FormIs(Pair("grant_type", "authorization_code"), Pair("code", "4/0Acode"),
                               Pair("code_verifier", "verifier-xyz"),
                               Pair("redirect_uri", kRedirect)))))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, config);
  EXPECT_TRUE(client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect));
}

TEST(TokenClient, InvalidGrantIsFinalAfterOneCall) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(
          400, R"({"error": "invalid_grant", "error_description": "Malformed auth code."})")));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
  EXPECT_EQ(token.error().http_status, 400);
  EXPECT_EQ(token.error().server_error, "invalid_grant");
  EXPECT_THAT(token.error().message,
              AllOf(HasSubstr("token endpoint"), HasSubstr("Malformed auth code.")));
  ExpectNoSecrets(token.error().message);
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

TEST(TokenClient, InvalidClientIsFinalEvenWithARetryableStatus) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(
          503, R"({"error": "invalid_client", "error_description": "Unauthorized"})")));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidClient);
  ExpectNoSecrets(token.error().message);
}

TEST(TokenClient, RetriesTwice503ThenSucceedsWithJitteredExponentialBackoff) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(IsFormPostTo(kTokenUri)))
      .WillOnce(Return(Respond(503, kServiceUnavailable)))
      .WillOnce(Return(Respond(503, kServiceUnavailable)))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_TRUE(token) << token.error().message;
  auto const sleeps = clock.Sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  // 1 s then 2 s, each +/- 10%.
  EXPECT_GE(sleeps[0], milliseconds(900));
  EXPECT_LE(sleeps[0], milliseconds(1100));
  EXPECT_GE(sleeps[1], milliseconds(1800));
  EXPECT_LE(sleeps[1], milliseconds(2200));
}

TEST(TokenClient, PersistentServerErrorGivesUpAfterMaxAttempts) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).Times(3).WillRepeatedly(Return(Respond(503, kServiceUnavailable)));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kServerError);
  EXPECT_EQ(token.error().http_status, 503);
  EXPECT_THAT(token.error().message,
              AllOf(HasSubstr("HTTP 503"), HasSubstr("Service Unavailable"),
                    HasSubstr("3 attempts")));
  EXPECT_EQ(clock.Sleeps().size(), 2u);
}

TEST(TokenClient, MaxAttemptsComesFromThePolicy) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.retry.max_attempts = 5;
  config.retry.jitter = 0;
  EXPECT_CALL(http, Send(_)).Times(5).WillRepeatedly(Return(Respond(500, "")));
  TokenClient client(http, clock, config);
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kServerError);
  EXPECT_THAT(result.error().message, HasSubstr("5 attempts"));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(1), seconds(2), seconds(4), seconds(8)));
}

TEST(TokenClient, OneAttemptMeansNoRetry) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.retry.max_attempts = 1;
  EXPECT_CALL(http, Send(_)).Times(1).WillOnce(Return(Respond(504, "")));
  TokenClient client(http, clock, config);
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("1 attempt"));
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

TEST(TokenClient, TooManyRequestsHonoursRetryAfterSeconds) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(429, "Too Many Requests", {{"Retry-After", "7"}})))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  ASSERT_TRUE(client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(7)));
}

TEST(TokenClient, RetryAfterAsAnHttpDate) {
  MockHttpClient http;
  FakeClock clock;  // starts at 2027-01-15T08:00:00Z
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(503, "", {{"retry-after", "Fri, 15 Jan 2027 08:00:30 GMT"}})))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  ASSERT_TRUE(client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(30)));
}

TEST(TokenClient, UnreadableRetryAfterFallsBackToBackoff) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.retry.jitter = 0;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(429, "", {{"Retry-After", "soon-ish"}})))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, config);
  ASSERT_TRUE(client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(1)));
}

TEST(TokenClient, RetryAfterLongerThanAllowedIsNotWaitedFor) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(429, "Too Many Requests", {{"Retry-After", "120"}})));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kUnexpectedResponse);
  EXPECT_EQ(token.error().http_status, 429);
  EXPECT_THAT(token.error().message,
              AllOf(HasSubstr("120 s"), HasSubstr("60 s"), HasSubstr("1 attempt")));
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

TEST(TokenClient, OAuthServerErrorIsRetriedWhateverTheStatus) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(400, R"({"error": "server_error"})")))
      .WillOnce(Return(Respond(400, R"({"error": "temporarily_unavailable"})")))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(clock.Sleeps().size(), 2u);
}

// A 429 says "try later" whatever the body adds: Google's token endpoint and the fake send an
// OAuth error (rate_limit_exceeded) with it.
TEST(TokenClient, TooManyRequestsWithAnOAuthErrorBodyIsRetriedAfterRetryAfter) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(
          429, R"({"error": "rate_limit_exceeded", "error_description": "Slow down"})",
          {{"Retry-After", "7"}})))
      .WillOnce(Return(Respond(429, R"({"error": "invalid_request"})", {{"Retry-After", "3"}})))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(7), seconds(3)));
}

TEST(TokenClient, TooManyRequestsWithAnOAuthErrorAndAnHttpDateWaitsUntilThatDate) {
  MockHttpClient http;
  FakeClock clock;  // starts at 2027-01-15T08:00:00Z
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(429, R"({"error": "rate_limit_exceeded"})",
                               {{"Retry-After", "Fri, 15 Jan 2027 08:00:12 GMT"}})))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  ASSERT_TRUE(client.Refresh("1//old"));
  EXPECT_THAT(clock.Sleeps(), ElementsAre(seconds(12)));
}

TEST(TokenClient, RetryAfterBeyondTheConfiguredCapIsNotWaitedFor) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.retry.max_retry_after = seconds(10);  // e.g. --http-timeout 10
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(429, R"({"error": "rate_limit_exceeded"})",
                               {{"Retry-After", "30"}})));
  TokenClient client(http, clock, config);
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().http_status, 429);
  EXPECT_THAT(result.error().message,
              AllOf(HasSubstr("retry after 30 s"), HasSubstr("10 s allowed"),
                    HasSubstr("1 attempt")));
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

TEST(TokenClient, InvalidGrantIsFinalEvenWithTooManyRequests) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(429, R"({"error": "invalid_grant"})", {{"Retry-After", "1"}})));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

Result<HttpResponse> TransportFailure(RequestReach reach, ErrorCode code = ErrorCode::kTransport) {
  Error error{code, "POST https://oauth2.googleapis.com:443/token failed"};
  error.reach = reach;
  return tl::unexpected(std::move(error));
}

// RFC 6749 §4.1.2: the server revokes what it issued for a code that is used twice. An answer
// lost after the request was sent may mean the code was redeemed.
TEST(TokenClient, CodeExchangeLostAfterSendingIsNotResent) {
  for (auto const code : {ErrorCode::kTransport, ErrorCode::kTimeout}) {
    for (auto const reach : {RequestReach::kMayHaveArrived, RequestReach::kNotAnExchangeFailure}) {
      MockHttpClient http;
      FakeClock clock;
      EXPECT_CALL(http, Send(_)).Times(1).WillOnce(Return(TransportFailure(reach, code)));
      TokenClient client(http, clock, Config());
      auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
      ASSERT_FALSE(token);
      EXPECT_EQ(token.error().code, code);
      EXPECT_THAT(token.error().message,
                  AllOf(HasSubstr("not sent again"), HasSubstr("authorization code"),
                        HasSubstr("used only once")));
      ExpectNoSecrets(token.error().message);
      EXPECT_THAT(clock.Sleeps(), IsEmpty());
    }
  }
}

TEST(TokenClient, CodeExchangeThatFailedBeforeSendingIsRetried) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(TransportFailure(RequestReach::kNotSent)))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(clock.Sleeps().size(), 1u);
}

TEST(TokenClient, CodeExchangeIsNotRetriedAfterAnAnswerThatMayHaveSpentTheCode) {
  for (auto const& [status, body] :
       std::vector<std::pair<int, std::string>>{{500, ""}, {504, ""},
                                                {400, R"({"error": "server_error"})"}}) {
    MockHttpClient http;
    FakeClock clock;
    EXPECT_CALL(http, Send(_)).Times(1).WillOnce(Return(Respond(status, body)));
    TokenClient client(http, clock, Config());
    auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
    ASSERT_FALSE(token);
    EXPECT_THAT(token.error().message, HasSubstr("may already have redeemed the authorization code"));
    EXPECT_THAT(clock.Sleeps(), IsEmpty());
  }
}

TEST(TokenClient, CodeExchangeIsRetriedAfterAnAnswerThatRefusedItUnprocessed) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(408, "")))
      .WillOnce(Return(Respond(400, R"({"error": "temporarily_unavailable"})")))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(clock.Sleeps().size(), 2u);
}

TEST(TokenClient, RefreshIsResentAfterAFailureThatMayHaveReachedTheServer) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(TransportFailure(RequestReach::kMayHaveArrived)))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  ASSERT_TRUE(client.Refresh("1//old"));
}

TEST(TokenClient, DeviceCodePollLostAfterSendingIsNotResent) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(TransportFailure(RequestReach::kMayHaveArrived)));
  TokenClient client(http, clock, Config());
  PostFormOptions options;
  options.single_use_credential = "device code";
  auto const response = client.PostForm(kTokenUri, {{"device_code", "AH-1x"}}, options);
  ASSERT_FALSE(response);
  EXPECT_THAT(response.error().message,
              AllOf(HasSubstr("token endpoint may already have redeemed the device code")));
}

TEST(TokenClient, InternalFailureExhaustedKeepsGooglesDescription) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(3)
      .WillRepeatedly(Return(Respond(
          500, R"({"error": "internal_failure", "error_description": "Backend Error"})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kServerError);
  EXPECT_EQ(result.error().server_error, "internal_failure");
  EXPECT_THAT(result.error().message, AllOf(HasSubstr("Backend Error"), HasSubstr("3 attempts")));
}

TEST(TokenClient, TransportErrorsAreRetried) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(TransportFailure()))
      .WillOnce(Return(Respond(200, kTokenJson)));
  TokenClient client(http, clock, Config());
  ASSERT_TRUE(client.Refresh("1//old"));
  EXPECT_EQ(clock.Sleeps().size(), 1u);
}

TEST(TokenClient, PersistentTransportErrorSaysHowManyAttempts) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).Times(3).WillRepeatedly(Return(TransportFailure()));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTransport);
  EXPECT_THAT(result.error().message,
              AllOf(HasSubstr("connection reset by peer"), HasSubstr("3 attempts")));
}

TEST(TokenClient, TimeoutsAreNotRetried) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(MakeError(ErrorCode::kTimeout, "no answer within 30 s")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
}

TEST(TokenClient, RefreshKeepsTheOldRefreshTokenWhenNoneComesBack) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(AllOf(IsFormPostTo(kTokenUri),
                               FormIs(Pair("grant_type", "refresh_token"),
                                      Pair("refresh_token", "1//old"),
                                      Pair("client_id", kClientId),
                                      Pair("client_secret", kClientSecret)))))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.fresh", "expires_in": 3599,
          "scope": "openid", "token_type": "Bearer"})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->token.access_token, "ya29.fresh");
  EXPECT_EQ(result->token.refresh_token, "1//old");
  EXPECT_EQ(result->token.expiry, clock.Now() + seconds(3599));
  EXPECT_THAT(result->missing_scopes, IsEmpty());
}

TEST(TokenClient, RefreshTakesARotatedRefreshToken) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.fresh", "expires_in": 3599,
          "refresh_token": "1//rotated", "token_type": "Bearer"})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->token.refresh_token, "1//rotated");
}

TEST(TokenClient, RefreshReportsNarrowerScopesWithoutFailing) {
  MockHttpClient http;
  FakeClock clock;
  std::vector<std::string> const asked{"openid", "https://www.googleapis.com/auth/drive",
                                       "email"};
  EXPECT_CALL(http, Send(FormIs(Pair("grant_type", "refresh_token"),
                                Pair("refresh_token", "1//old"),
                                Pair("scope", "openid https://www.googleapis.com/auth/drive email"),
                                Pair("client_id", kClientId),
                                Pair("client_secret", kClientSecret))))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.fresh", "expires_in": 3599,
          "scope": "openid https://www.googleapis.com/auth/drive.readonly",
          "token_type": "Bearer"})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old", asked);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->missing_scopes,
              ElementsAre("https://www.googleapis.com/auth/drive", "email"));
  EXPECT_THAT(result->token.scopes,
              ElementsAre("openid", "https://www.googleapis.com/auth/drive.readonly"));
}

TEST(TokenClient, RefreshWithoutScopeInTheAnswerGrantedWhatWasAsked) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.fresh", "expires_in": 3599})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old", {"openid", "email"});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->missing_scopes, IsEmpty());
  EXPECT_THAT(result->token.scopes, ElementsAre("openid", "email"));
}

TEST(TokenClient, ExpiredRefreshTokenIsInvalidGrantWithGooglesWords) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(400, R"({"error": "invalid_grant",
          "error_description": "Token has been expired or revoked."})")));
  TokenClient client(http, clock, Config());
  auto const result = client.Refresh("1//old");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(result.error().message, HasSubstr("Token has been expired or revoked."));
  ExpectNoSecrets(result.error().message);
}

TEST(TokenClient, RevokePostsTheTokenToTheRevocationEndpoint) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(AllOf(IsFormPostTo(kRevokeUri),
                               FormIs(Pair("token", "1//old"), Pair("client_id", kClientId),
                                      Pair("client_secret", kClientSecret)))))
      .WillOnce(Return(Respond(200, "{}")));
  TokenClient client(http, clock, Config());
  auto const status = client.Revoke("1//old");
  EXPECT_TRUE(status) << status.error().message;
}

TEST(TokenClient, RevokingAnInvalidTokenIsAClearError) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(
          Respond(400, R"({"error": "invalid_token", "error_description": "Bad Request"})")));
  TokenClient client(http, clock, Config());
  auto const status = client.Revoke("1//old");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidToken);
  EXPECT_EQ(status.error().http_status, 400);
  EXPECT_THAT(status.error().message,
              AllOf(HasSubstr("revocation endpoint"), HasSubstr("already revoked")));
  ExpectNoSecrets(status.error().message);
}

TEST(TokenClient, PlainHttpToANonLoopbackHostIsRefusedBeforeAnyCall) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).Times(0);
  auto config = Config();
  config.token_uri = "http://oauth2.example.com/token";
  TokenClient client(http, clock, config);
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInsecureTransport);
  EXPECT_THAT(token.error().message, HasSubstr("token endpoint"));
  ExpectNoSecrets(token.error().message);
}

TEST(TokenClient, PlainHttpIsAllowedToLoopbackOrWhenConfigured) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).Times(2).WillRepeatedly(Return(Respond(200, kTokenJson)));
  auto loopback = Config();
  loopback.token_uri = "http://127.0.0.1:4567/token";
  EXPECT_TRUE(TokenClient(http, clock, loopback).Refresh("1//old"));
  auto allowed = Config();
  allowed.token_uri = "http://oauth2.example.com/token";
  allowed.allow_insecure_transport = true;
  EXPECT_TRUE(TokenClient(http, clock, allowed).Refresh("1//old"));
}

TEST(TokenClient, EmptyInputsAreRejectedWithoutACall) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).Times(0);
  TokenClient client(http, clock, Config());
  EXPECT_EQ(client.ExchangeCode("", "v", kRedirect).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(client.ExchangeCode("4/0A", "v", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(client.Refresh("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(client.Revoke("").error().code, ErrorCode::kInvalidArgument);
}

TEST(TokenClient, MalformedSuccessBodyNamesTheField) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_)).WillOnce(Return(Respond(200, R"({"expires_in": 3599})")));
  TokenClient client(http, clock, Config());
  auto const token = client.ExchangeCode("4/0Acode", "verifier-xyz", kRedirect);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kMissingField);
  EXPECT_THAT(token.error().message, HasSubstr("access_token"));
}

TEST(TokenClient, PostFormWithoutClientAuthenticationSendsOnlyTheClientId) {
  MockHttpClient http;
  FakeClock clock;
  auto config = Config();
  config.authentication = ClientAuthentication::kHttpBasic;
  EXPECT_CALL(http, Send(AllOf(IsFormPostTo("https://oauth2.googleapis.com/device/code"),
                               WithoutAuthorization(),
                               FormIs(Pair("scope", "openid"), Pair("client_id", kClientId)))))
      .WillOnce(Return(Respond(200, "{}")));
  TokenClient client(http, clock, config);
  PostFormOptions options;
  options.endpoint = "device authorization endpoint";
  options.authenticate_client = false;
  auto const response =
      client.PostForm("https://oauth2.googleapis.com/device/code", {{"scope", "openid"}}, options);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(TokenClient, PostFormReturnsDeviceFlowStatesUnretried) {
  MockHttpClient http;
  FakeClock clock;
  EXPECT_CALL(http, Send(_))
      .Times(1)
      .WillOnce(Return(Respond(429, R"({"error": "slow_down"})", {{"Retry-After", "1"}})));
  TokenClient client(http, clock, Config());
  auto const response = client.PostForm(kTokenUri, {{"grant_type", "x"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 429);
  EXPECT_THAT(clock.Sleeps(), IsEmpty());
}

}  // namespace
}  // namespace gauthflow
