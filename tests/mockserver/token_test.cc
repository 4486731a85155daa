#include <Poco/Base64Encoder.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class Token : public ServerTest {
 protected:
  void ExpectError(HttpResult const& answer, int status, std::string const& error,
                   std::string const& description) {
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_EQ(answer.Field("error"), error) << answer.body;
    EXPECT_EQ(answer.Field("error_description"), description) << answer.body;
  }
  HttpResult Refresh(std::string const& refresh_token, std::string const& client_id = kClientId,
                     std::string const& secret = kClientSecret) {
    return PostForm(base_, "/token",
                    {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token},
                     {"client_id", client_id}, {"client_secret", secret}});
  }
};

TEST_F(Token, ExchangesACodeForTokens) {
  HttpResult answer = Tokens();
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_THAT(answer.Header("Content-Type"), StartsWith("application/json"));
  EXPECT_THAT(answer.Header("Cache-Control"), HasSubstr("no-store"));
  EXPECT_EQ(answer.Header("Pragma"), "no-cache");
  EXPECT_THAT(answer.Field("access_token"), StartsWith("ya29."));
  EXPECT_EQ(answer.Field("expires_in"), "3599");
  EXPECT_EQ(answer.Field("token_type"), "Bearer");
  EXPECT_EQ(answer.Field("scope"), kDriveMeta);
  EXPECT_THAT(answer.Field("refresh_token"), StartsWith("1//"));
  EXPECT_EQ(answer.Field("id_token"), "<absent>");
}

TEST_F(Token, LegacyPathAndIdTokenWhenOpenidAsked) {
  std::string code = Code(DefaultAuthParams("openid email"));
  HttpResult answer = PostForm(base_, "/oauth2/v4/token",
                               {{"grant_type", "authorization_code"}, {"code", code},
                                {"redirect_uri", kRedirect}, {"client_id", kClientId},
                                {"client_secret", kClientSecret}, {"code_verifier", kVerifier}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::string id_token = answer.Field("id_token");
  EXPECT_EQ(std::count(id_token.begin(), id_token.end(), '.'), 2);
}

TEST_F(Token, CodeIsSingleUseAndReuseRevokesItsTokens) {
  std::string code = Code(DefaultAuthParams());
  HttpResult first = Exchange(code);
  ASSERT_EQ(first.status, 200);
  ExpectError(Exchange(code), 400, "invalid_grant", "Bad Request");
  // RFC 6749 §4.1.2: the tokens issued from the reused code are revoked.
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + first.Field("access_token")).status, 400);
  ExpectError(Refresh(first.Field("refresh_token")), 400, "invalid_grant",
              "Token has been expired or revoked.");
}

TEST_F(Token, CodeExpiresAfterTenMinutes) {
  std::string code = Code(DefaultAuthParams());
  clock_->Advance(std::chrono::seconds(601));
  ExpectError(Exchange(code), 400, "invalid_grant", "Bad Request");
}

TEST_F(Token, CodeExpiryFollowsTheAdminClock) {
  std::string code = Code(DefaultAuthParams());
  ASSERT_EQ(PostJson(base_, "/__admin/clock/advance", R"({"seconds": 600})").status, 200);
  ExpectError(Exchange(code), 400, "invalid_grant", "Bad Request");
}

TEST_F(Token, MalformedCode) {
  ExpectError(Exchange("not-a-code"), 400, "invalid_grant", "Malformed auth code.");
  ExpectError(Exchange("4/0AunknownButWellFormed"), 400, "invalid_grant", "Malformed auth code.");
}

TEST_F(Token, PkceS256) {
  std::string code = Code(DefaultAuthParams());
  ExpectError(Exchange(code, ""), 400, "invalid_grant", "Missing code verifier.");
  ExpectError(Exchange(code, std::string(43, 'a')), 400, "invalid_grant", "Invalid code verifier.");
  EXPECT_EQ(Exchange(code).status, 200);
}

TEST_F(Token, PkcePlainAndPlainByDefault) {
  std::string verifier(50, 'v');
  auto params = DefaultAuthParams();
  std::erase_if(params, [](auto const& p) { return p.first.rfind("code_challenge", 0) == 0; });
  params.emplace_back("code_challenge", verifier);  // no method: plain (RFC 7636 §4.3)
  std::string code = Code(params);
  ExpectError(Exchange(code, kVerifier), 400, "invalid_grant", "Invalid code verifier.");
  EXPECT_EQ(Exchange(code, verifier).status, 200);
}

TEST_F(Token, NoPkceNeedsNoVerifier) {
  auto params = DefaultAuthParams();
  std::erase_if(params, [](auto const& p) { return p.first.rfind("code_challenge", 0) == 0; });
  EXPECT_EQ(Exchange(Code(params), "").status, 200);
}

TEST_F(Token, RedirectUriMustMatchTheAuthorizationRequest) {
  std::string code = Code(DefaultAuthParams());
  ExpectError(Exchange(code, kVerifier, "http://127.0.0.1:9999/"), 400, "redirect_uri_mismatch",
              "Bad Request");
}

TEST_F(Token, ClientAuthenticationErrors) {
  std::string code = Code(DefaultAuthParams());
  auto form = [&](std::string const& id, std::string const& secret) {
    std::vector<std::pair<std::string, std::string>> f = {
        {"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
        {"code_verifier", kVerifier}};
    if (!id.empty()) f.emplace_back("client_id", id);
    if (!secret.empty()) f.emplace_back("client_secret", secret);
    return f;
  };
  ExpectError(PostForm(base_, "/token", form("other.apps", "x")), 401, "invalid_client",
              "The OAuth client was not found.");
  ExpectError(PostForm(base_, "/token", form(kClientId, "wrong")), 401, "invalid_client", "Unauthorized");
  ExpectError(PostForm(base_, "/token", form(kClientId, "")), 400, "invalid_request",
              "client_secret is missing.");
  ExpectError(PostForm(base_, "/token", form("", "")), 400, "invalid_request",
              "Could not determine client ID from request.");
  // The failed attempts did not consume the code.
  EXPECT_EQ(PostForm(base_, "/token", form(kClientId, kClientSecret)).status, 200);
}

TEST_F(Token, HttpBasicClientAuthentication) {
  ServerConfig config = DefaultServerConfig();
  config.clients[0].secret = "se:cr et+";  // RFC 6749 §2.3.1: form-encoded before Basic
  server_->Stop();
  StartServer(config);
  std::string code = Code(DefaultAuthParams());
  std::ostringstream basic;
  Poco::Base64Encoder encoder(basic);
  encoder.rdbuf()->setLineLength(0);
  encoder << kClientId << ":" << "se%3Acr+et%2B";
  encoder.close();
  HttpResult answer = PostForm(base_, "/token",
                               {{"grant_type", "authorization_code"}, {"code", code},
                                {"redirect_uri", kRedirect}, {"code_verifier", kVerifier}},
                               {{"Authorization", "Basic " + basic.str()}});
  EXPECT_EQ(answer.status, 200) << answer.body;
  HttpResult wrong = PostForm(base_, "/token", {{"grant_type", "refresh_token"}, {"refresh_token", "x"}},
                              {{"Authorization", "Basic Z2F1dGhmbG93LWRlbW8uYXBwcy5nb29nbGV1c2VyY29udGVudC5jb206eA=="}});
  ExpectError(wrong, 401, "invalid_client", "Unauthorized");
  EXPECT_THAT(wrong.Header("WWW-Authenticate"), StartsWith("Basic"));
}

TEST_F(Token, GrantTypeAndParameterErrors) {
  ExpectError(PostForm(base_, "/token", {{"client_id", kClientId}}), 400, "invalid_request",
              "Missing required parameter: grant_type");
  ExpectError(PostForm(base_, "/token", {{"grant_type", "foo"}}), 400, "unsupported_grant_type",
              "Invalid grant_type: foo");
  ExpectError(PostForm(base_, "/token", {{"grant_type", "authorization_code"}, {"client_id", kClientId},
                                         {"client_secret", kClientSecret}}),
              400, "invalid_request", "Missing required parameter: code");
  ExpectError(PostForm(base_, "/token", {{"grant_type", "refresh_token"}, {"client_id", kClientId},
                                         {"client_secret", kClientSecret}}),
              400, "invalid_request", "Missing required parameter: refresh_token");
  EXPECT_EQ(Get(base_, "/token").status, 405);
}

TEST_F(Token, UnauthorizedClientForADisallowedGrant) {
  ServerConfig config = DefaultServerConfig();
  config.clients[0].allowed_grants = {"authorization_code"};
  server_->Stop();
  StartServer(config);
  ExpectError(Refresh("1//whatever"), 401, "unauthorized_client", "Unauthorized");
}

TEST_F(Token, RefreshTokenOnlyOnFirstOfflineConsent) {
  EXPECT_THAT(Tokens().Field("refresh_token"), StartsWith("1//"));
  EXPECT_EQ(Tokens().Field("refresh_token"), "<absent>");
  // prompt=consent brings a new one.
  auto params = DefaultAuthParams();
  params.emplace_back("prompt", "consent");
  EXPECT_THAT(Exchange(Code(params)).Field("refresh_token"), StartsWith("1//"));
}

TEST_F(Token, OnlineAccessGetsNoRefreshToken) {
  EXPECT_EQ(Tokens(kDriveMeta, /*offline=*/false).Field("refresh_token"), "<absent>");
  // ... and does not use up the first offline consent.
  EXPECT_THAT(Tokens(kDriveMeta, true).Field("refresh_token"), StartsWith("1//"));
}

TEST_F(Token, RefreshGrantLeavesOutTheRefreshToken) {
  HttpResult first = Tokens("openid email");
  HttpResult refreshed = Refresh(first.Field("refresh_token"));
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_THAT(refreshed.Field("access_token"), StartsWith("ya29."));
  EXPECT_NE(refreshed.Field("access_token"), first.Field("access_token"));
  EXPECT_EQ(refreshed.Field("refresh_token"), "<absent>");
  EXPECT_EQ(refreshed.Field("scope"), "openid https://www.googleapis.com/auth/userinfo.email");
  EXPECT_NE(refreshed.Field("id_token"), "<absent>");
  EXPECT_THAT(refreshed.Header("Cache-Control"), HasSubstr("no-store"));
}

TEST_F(Token, RefreshErrors) {
  HttpResult first = Tokens();
  ExpectError(Refresh("1//unknown"), 400, "invalid_grant", "Token has been expired or revoked.");
  ServerConfig config;
  ASSERT_EQ(PostJson(base_, "/__admin/clients",
                     R"({"client_id":"second.apps","client_secret":"two","redirect_uris":["http://127.0.0.1"]})")
                .status,
            200);
  ExpectError(Refresh(first.Field("refresh_token"), "second.apps", "two"), 401, "unauthorized_client",
              "Unauthorized");
}

TEST_F(Token, AccessTokenExpiresAfter3599Seconds) {
  HttpResult tokens = Tokens();
  std::string path = "/tokeninfo?access_token=" + tokens.Field("access_token");
  clock_->Advance(std::chrono::seconds(3598));
  EXPECT_EQ(Get(base_, path).status, 200);
  clock_->Advance(std::chrono::seconds(1));
  EXPECT_EQ(Get(base_, path).status, 400);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
