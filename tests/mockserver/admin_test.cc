#include <Poco/Net/NetException.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class Admin : public ServerTest {};

TEST_F(Admin, UnknownRoutesAreGoogleShaped404s) {
  HttpResult answer = Get(base_, "/no/such/path");
  EXPECT_EQ(answer.status, 404);
  auto error = answer.Json()->getObject("error");
  EXPECT_EQ(error->getValue<int>("code"), 404);
  EXPECT_EQ(error->getValue<std::string>("status"), "NOT_FOUND");
  EXPECT_EQ(error->getArray("errors")->getObject(0)->getValue<std::string>("reason"), "notFound");
  EXPECT_EQ(Get(base_, "/__admin/nothing").status, 404);
}

TEST_F(Admin, JournalRedactsSecrets) {
  HttpResult tokens = Tokens();
  HttpResult journal = Get(base_, "/__admin/journal");
  ASSERT_EQ(journal.status, 200);
  EXPECT_THAT(journal.body, HasSubstr("\"/token\""));
  EXPECT_THAT(journal.body, HasSubstr("\"/o/oauth2/v2/auth\""));
  EXPECT_THAT(journal.body, HasSubstr("\"authorization_code\""));  // non-secret values stay
  EXPECT_THAT(journal.body, HasSubstr("\"code_verifier\""));        // names stay
  EXPECT_THAT(journal.body, HasSubstr("REDACTED"));
  EXPECT_THAT(journal.body, Not(HasSubstr(kClientSecret)));
  EXPECT_THAT(journal.body, Not(HasSubstr(kVerifier)));
  EXPECT_THAT(journal.body, Not(HasSubstr("4/0A")));
  EXPECT_THAT(journal.body, Not(HasSubstr(tokens.Field("access_token"))));
  EXPECT_THAT(journal.body, Not(HasSubstr("/__admin/")));  // admin calls are not journaled
  auto entries = journal.Json()->getArray("entries");
  auto last = entries->getObject(static_cast<unsigned>(entries->size() - 1));
  EXPECT_EQ(last->getValue<std::string>("method"), "POST");
  EXPECT_EQ(last->getValue<int>("status"), 200);
}

TEST_F(Admin, ResetForgetsIssuedTokens) {
  HttpResult tokens = Tokens();
  ASSERT_EQ(PostJson(base_, "/__admin/reset", "{}").status, 200);
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token")).status, 400);
  EXPECT_EQ(Get(base_, "/__admin/journal").Json()->getArray("entries")->size(), 1u);
  // The first offline consent again brings a refresh token.
  EXPECT_THAT(Tokens().Field("refresh_token"), StartsWith("1//"));
}

TEST_F(Admin, Clock) {
  HttpResult clock = Get(base_, "/__admin/clock");
  ASSERT_EQ(clock.status, 200);
  EXPECT_EQ(clock.Field("epoch_seconds"), "1800000000");
  EXPECT_EQ(clock.Field("now"), "2027-01-15T08:00:00Z");
  HttpResult advanced = PostJson(base_, "/__admin/clock/advance", R"({"seconds": 3600})");
  EXPECT_EQ(advanced.Field("epoch_seconds"), "1800003600");
  EXPECT_EQ(advanced.Field("offset_seconds"), "3600");
  EXPECT_EQ(PostJson(base_, "/__admin/clock/advance", R"({"seconds": -1})").status, 400);
}

TEST_F(Admin, TokenExpiryFollowsTheClock) {
  HttpResult tokens = Tokens();
  PostJson(base_, "/__admin/clock/advance", R"({"seconds": 3599})");
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token")).status, 400);
}

TEST_F(Admin, StatusFaultOnTheTokenEndpoint) {
  ASSERT_EQ(PostJson(base_, "/__admin/faults", R"({"path":"/token","kind":"status","status":503,"count":2})").status, 200);
  EXPECT_THAT(Get(base_, "/__admin/faults").body, HasSubstr("\"remaining\": 2"));
  for (int i = 0; i < 2; ++i) {
    HttpResult answer = PostForm(base_, "/token", {{"grant_type", "foo"}});
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.Field("error"), "temporarily_unavailable");
  }
  EXPECT_EQ(PostForm(base_, "/token", {{"grant_type", "foo"}}).status, 400);  // back to normal
}

TEST_F(Admin, RateLimitFaultOnDriveHasRetryAfterAndApiShape) {
  PostJson(base_, "/__admin/faults", R"({"path":"/drive/v3/files","kind":"rate_limit","retry_after":7})");
  HttpResult answer = Get(base_, "/drive/v3/files");
  EXPECT_EQ(answer.status, 429);
  EXPECT_EQ(answer.Header("Retry-After"), "7");
  auto error = answer.Json()->getObject("error");
  EXPECT_EQ(error->getValue<std::string>("status"), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(error->getArray("errors")->getObject(0)->getValue<std::string>("reason"), "rateLimitExceeded");
}

TEST_F(Admin, MalformedJsonFault) {
  PostJson(base_, "/__admin/faults", R"({"path":"/tokeninfo","kind":"malformed_json"})");
  HttpResult answer = Get(base_, "/tokeninfo?access_token=x");
  EXPECT_EQ(answer.status, 200);
  EXPECT_THROW(answer.Json(), Poco::Exception);
}

TEST_F(Admin, TruncatedBodyFault) {
  PostJson(base_, "/__admin/faults", R"({"path":"/.well-known/openid-configuration","kind":"truncate"})");
  bool failed = false;
  try {
    HttpResult answer = Get(base_, "/.well-known/openid-configuration");
    // Some stream implementations end quietly: then the body must be short of Content-Length.
    failed = answer.body.size() < std::stoul(answer.Header("Content-Length"));
  } catch (Poco::Exception const&) {
    failed = true;
  }
  EXPECT_TRUE(failed);
  EXPECT_EQ(Get(base_, "/.well-known/openid-configuration").status, 200);
}

TEST_F(Admin, ConnectionResetFault) {
  PostJson(base_, "/__admin/faults", R"({"path":"/oauth2/v3/certs","kind":"reset"})");
  EXPECT_THROW(Get(base_, "/oauth2/v3/certs"), Poco::Exception);
  EXPECT_EQ(Get(base_, "/oauth2/v3/certs").status, 200);
}

TEST_F(Admin, DelayFaultStillAnswers) {
  PostJson(base_, "/__admin/faults", R"({"path":"/oauth2/v3/certs","kind":"delay","delay_ms":5})");
  EXPECT_EQ(Get(base_, "/oauth2/v3/certs").status, 200);
}

TEST_F(Admin, FaultRequestValidation) {
  EXPECT_EQ(PostJson(base_, "/__admin/faults", R"({"path":"/token","kind":"explode"})").status, 400);
  EXPECT_EQ(PostJson(base_, "/__admin/faults", R"({"kind":"status"})").status, 400);
  EXPECT_EQ(PostJson(base_, "/__admin/faults", "not json").status, 400);
  EXPECT_EQ(Send(base_, "DELETE", "/__admin/faults").status, 200);
}

TEST_F(Admin, SeedsUsersAndClients) {
  ASSERT_EQ(PostJson(base_, "/__admin/users", R"([{"email":"bob@example.com","name":"Bob"}])").status, 200);
  HttpResult page = Get(base_, AuthPath(DefaultAuthParams()));
  EXPECT_THAT(page.body, HasSubstr("bob@example.com"));
  HttpResult approval = Decide(DefaultAuthParams("openid email"), "allow", "bob@example.com");
  HttpResult tokens = Exchange(QueryParam(approval.Header("Location"), "code"));
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token")).Field("email"),
            "bob@example.com");

  ASSERT_EQ(PostJson(base_, "/__admin/clients",
                     R"({"installed":{"client_id":"cli.apps","client_secret":"x","redirect_uris":["http://localhost/cb"]}})")
                .status,
            200);
  auto params = DefaultAuthParams();
  params[0].second = "cli.apps";
  EXPECT_EQ(Get(base_, AuthPath(params)).status, 400);  // the root path is not registered for it
  params[1].second = "http://127.0.0.1:8080/cb";
  EXPECT_EQ(Get(base_, AuthPath(params)).status, 200);
  EXPECT_EQ(PostJson(base_, "/__admin/users", R"([{"name":"no email"}])").status, 400);
}

TEST_F(Admin, SeedsFiles) {
  HttpResult answer = PostJson(base_, "/__admin/files",
                               R"({"user":"alice@example.com","files":[{"id":"x1","name":"seeded.txt","mimeType":"text/plain"}]})");
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(PostJson(base_, "/__admin/files", R"({"user":"alice@example.com","files":[1]})").status, 400);
}

TEST_F(Admin, ReportsProtocolViolations) {
  auto params = DefaultAuthParams();
  std::erase_if(params, [](auto const& p) { return p.first == "state" || p.first.rfind("code_challenge", 0) == 0; });
  params[1].second = "http://localhost:8080/";
  std::string code = Code(params);
  Exchange(code, "", "http://localhost:8080/");
  Exchange(code, "", "http://localhost:8080/");
  HttpResult report = Get(base_, "/__admin/violations");
  ASSERT_EQ(report.status, 200);
  for (char const* kind : {"no_pkce", "no_state", "localhost_redirect", "reused_code"}) {
    EXPECT_THAT(report.body, HasSubstr(std::string("\"") + kind + "\"")) << kind;
  }
  EXPECT_THAT(report.body, Not(HasSubstr("plain_pkce")));
}

TEST_F(Admin, BodyLimitAnswers413) {
  std::string big(70 * 1024, 'a');
  HttpResult answer = Send(base_, "POST", "/token", "grant_type=" + big, "application/x-www-form-urlencoded");
  EXPECT_EQ(answer.status, 413);
}

std::string ErrorMessage(HttpResult const& answer) {
  return answer.Json()->getObject("error")->getValue<std::string>("message");
}

// Issue 8: {"seconds": 9223372036854775807} then 99999999999 used to wrap the clock to 1688.
TEST_F(Admin, ClockAdvanceThatWouldOverflowIsRefusedAndChangesNothing) {
  constexpr char kRange[] = "seconds must be an integer between 0 and 3155760000";
  for (char const* body : {R"({"seconds": 9223372036854775807})", R"({"seconds": 99999999999})",
                           R"({"seconds": 18446744073709551615})", R"({"seconds": 3155760001})",
                           R"({"seconds": -9223372036854775808})", R"({"seconds": 1.5})",
                           R"({"seconds": "12abc"})", R"({"seconds": true})"}) {
    HttpResult answer = PostJson(base_, "/__admin/clock/advance", body);
    EXPECT_EQ(answer.status, 400) << body;
    EXPECT_EQ(ErrorMessage(answer), kRange) << body;
  }
  for (char const* query : {"9223372036854775808", "99999999999", "-1", "1e3", ""}) {
    HttpResult answer = PostJson(base_, std::string("/__admin/clock/advance?seconds=") + query, "");
    EXPECT_EQ(answer.status, 400) << query;
    EXPECT_EQ(ErrorMessage(answer), kRange) << query;
  }
  HttpResult clock = Get(base_, "/__admin/clock");
  EXPECT_EQ(clock.Field("epoch_seconds"), "1800000000");
  EXPECT_EQ(clock.Field("offset_seconds"), "0");
}

TEST_F(Admin, ClockAdvancesUpToOneHundredYearsAndTokensStillWork) {
  HttpResult advanced = PostJson(base_, "/__admin/clock/advance", R"({"seconds": 3155760000})");
  ASSERT_EQ(advanced.status, 200) << advanced.body;
  EXPECT_EQ(advanced.Field("epoch_seconds"), "4955760000");
  EXPECT_EQ(advanced.Field("now"), "2127-01-16T08:00:00Z");
  HttpResult more = PostJson(base_, "/__admin/clock/advance?seconds=1", "");
  EXPECT_EQ(more.status, 400);
  EXPECT_THAT(ErrorMessage(more), StartsWith("seconds must be an integer between 0 and 0 now"));
  EXPECT_EQ(Get(base_, "/__admin/clock").Field("epoch_seconds"), "4955760000");
  // Every lifetime computed from the advanced time still fits.
  HttpResult tokens = Tokens();
  EXPECT_EQ(tokens.Field("expires_in"), "3599");
  HttpResult info = Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token"));
  EXPECT_EQ(info.Field("exp"), std::to_string(4955760000LL + 3599));
  EXPECT_EQ(info.Field("expires_in"), "3599");
  ASSERT_EQ(PostJson(base_, "/__admin/reset", "{}").status, 200);
  EXPECT_EQ(Get(base_, "/__admin/clock").Field("offset_seconds"), "0");
}

TEST_F(Admin, FaultNumbersOutsideTheirRangeAreRefusedAndNothingIsArmed) {
  struct Case {
    char const* field;
    char const* value;
    char const* message;
  };
  for (Case const& c : {
           Case{"status", "99", "status must be an integer between 100 and 599"},
           Case{"status", "600", "status must be an integer between 100 and 599"},
           Case{"status", "9223372036854775807", "status must be an integer between 100 and 599"},
           Case{"delay_ms", "-1", "delay_ms must be an integer between 0 and 600000"},
           Case{"delay_ms", "4294967296", "delay_ms must be an integer between 0 and 600000"},
           Case{"retry_after", "-1", "retry_after must be an integer between 0 and 86400"},
           Case{"retry_after", "2147483648", "retry_after must be an integer between 0 and 86400"},
           Case{"count", "0", "count must be an integer between 1 and 2147483647"},
           Case{"count", "2147483648", "count must be an integer between 1 and 2147483647"},
           Case{"count", "1.5", "count must be an integer between 1 and 2147483647"},
       }) {
    std::string body = std::string(R"({"path":"/token","kind":"status",")") + c.field + "\": " + c.value + "}";
    HttpResult answer = PostJson(base_, "/__admin/faults", body);
    EXPECT_EQ(answer.status, 400) << body;
    EXPECT_EQ(ErrorMessage(answer), c.message) << body;
  }
  EXPECT_THAT(Get(base_, "/__admin/faults").body, Not(HasSubstr("/token")));
  HttpResult armed = PostJson(base_, "/__admin/faults",
                              R"({"path":"/token","kind":"rate_limit","retry_after":86400,"count":2147483647})");
  EXPECT_EQ(armed.status, 200) << armed.body;
  EXPECT_EQ(PostForm(base_, "/token", {{"grant_type", "foo"}}).Header("Retry-After"), "86400");
}

TEST_F(Admin, ResetForgetsEveryStore) {
  HttpResult tokens = Tokens();  // a consent, a code, tokens, journal entries
  PostJson(base_, "/__admin/clock/advance", R"({"seconds": 60})");
  PostJson(base_, "/__admin/faults", R"({"path":"/nowhere","kind":"status"})");
  PostJson(base_, "/__admin/users", R"([{"email":"bob@example.com"}])");
  ASSERT_EQ(PostForm(base_, "/device/code", {{"client_id", kClientId}, {"scope", "openid"}}).status, 200);
  auto params = DefaultAuthParams();
  std::erase_if(params, [](auto const& p) { return p.first == "state"; });
  Get(base_, AuthPath(params));  // a no_state violation and a pending consent page
  ASSERT_EQ(Get(base_, "/__admin/faults").Json()->getArray("faults")->size(), 1u);
  ASSERT_EQ(Get(base_, "/__admin/devices").Json()->getArray("devices")->size(), 1u);
  ASSERT_GT(Get(base_, "/__admin/violations").Json()->getArray("violations")->size(), 0u);
  ASSERT_EQ(PostJson(base_, "/__admin/reset", "{}").status, 200);

  EXPECT_EQ(Get(base_, "/__admin/clock").Field("offset_seconds"), "0");
  EXPECT_EQ(Get(base_, "/__admin/faults").Json()->getArray("faults")->size(), 0u);
  EXPECT_EQ(Get(base_, "/__admin/devices").Json()->getArray("devices")->size(), 0u);
  EXPECT_EQ(Get(base_, "/__admin/violations").Json()->getArray("violations")->size(), 0u);
  EXPECT_EQ(Get(base_, "/__admin/journal").Json()->getArray("entries")->size(), 0u);
  EXPECT_THAT(Get(base_, AuthPath(DefaultAuthParams())).body, Not(HasSubstr("bob@example.com")));
  EXPECT_EQ(PostForm(base_, "/token", {{"grant_type", "refresh_token"},
                                       {"refresh_token", tokens.Field("refresh_token")},
                                       {"client_id", kClientId},
                                       {"client_secret", kClientSecret}})
                .status,
            400);
  EXPECT_THAT(Tokens().Field("refresh_token"), StartsWith("1//"));  // consents forgotten too
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
