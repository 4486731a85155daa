#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class TokenInfo : public ServerTest {};

TEST_F(TokenInfo, DescribesALiveAccessToken) {
  HttpResult tokens = Tokens("openid email " + std::string(kDriveMeta));
  clock_->Advance(std::chrono::seconds(99));
  HttpResult info = Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token"));
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.Field("azp"), kClientId);
  EXPECT_EQ(info.Field("aud"), kClientId);
  EXPECT_EQ(info.Field("sub").size(), 21u);
  EXPECT_EQ(info.Field("scope"),
            "openid https://www.googleapis.com/auth/userinfo.email " + std::string(kDriveMeta));
  EXPECT_EQ(info.Field("expires_in"), "3500");
  EXPECT_EQ(info.Json()->get("expires_in").isString(), true);  // Google sends strings
  EXPECT_EQ(info.Json()->get("exp").isString(), true);
  EXPECT_EQ(info.Field("email"), kUser);
  EXPECT_EQ(info.Field("email_verified"), "true");
  EXPECT_EQ(info.Field("access_type"), "offline");
  // POST form works too.
  EXPECT_EQ(PostForm(base_, "/tokeninfo", {{"access_token", tokens.Field("access_token")}}).status, 200);
}

TEST_F(TokenInfo, OnlineTokenAndBadToken) {
  HttpResult tokens = Tokens(kDriveMeta, false);
  HttpResult info = Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token"));
  EXPECT_EQ(info.Field("access_type"), "online");
  EXPECT_EQ(info.Field("email"), "<absent>");  // no email scope
  HttpResult bad = Get(base_, "/tokeninfo?access_token=ya29.bogus");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Field("error"), "invalid_token");
  EXPECT_EQ(bad.Field("error_description"), "Invalid Value");
}

TEST_F(TokenInfo, RevokeAccessToken) {
  HttpResult tokens = Tokens();
  HttpResult revoked = PostForm(base_, "/revoke", {{"token", tokens.Field("access_token")}});
  EXPECT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token")).status, 400);
  // Google: revoking an access token also revokes its refresh token.
  HttpResult refresh = PostForm(base_, "/token", {{"grant_type", "refresh_token"},
                                                  {"refresh_token", tokens.Field("refresh_token")},
                                                  {"client_id", kClientId}, {"client_secret", kClientSecret}});
  EXPECT_EQ(refresh.Field("error"), "invalid_grant");
}

TEST_F(TokenInfo, RevokingARefreshTokenRevokesItsAccessTokens) {
  HttpResult tokens = Tokens();
  HttpResult refreshed = PostForm(base_, "/token", {{"grant_type", "refresh_token"},
                                                    {"refresh_token", tokens.Field("refresh_token")},
                                                    {"client_id", kClientId}, {"client_secret", kClientSecret}});
  ASSERT_EQ(refreshed.status, 200);
  // Query-parameter form, as Google's docs show it.
  HttpResult revoked = Send(base_, "POST", "/revoke?token=" + tokens.Field("refresh_token"), "",
                            "application/x-www-form-urlencoded");
  EXPECT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + tokens.Field("access_token")).status, 400);
  EXPECT_EQ(Get(base_, "/tokeninfo?access_token=" + refreshed.Field("access_token")).status, 400);
}

TEST_F(TokenInfo, RevokeErrors) {
  HttpResult unknown = PostForm(base_, "/revoke", {{"token", "ya29.unknown"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.Field("error"), "invalid_token");
  EXPECT_EQ(unknown.Field("error_description"), "Token expired or revoked");
  HttpResult tokens = Tokens();
  ASSERT_EQ(PostForm(base_, "/revoke", {{"token", tokens.Field("access_token")}}).status, 200);
  EXPECT_EQ(PostForm(base_, "/revoke", {{"token", tokens.Field("access_token")}}).status, 400);
  EXPECT_EQ(Get(base_, "/revoke?token=x").status, 404);
  EXPECT_EQ(PostForm(base_, "/revoke", {}).Field("error"), "invalid_request");
}

TEST_F(TokenInfo, UserInfo) {
  HttpResult tokens = Tokens("openid email profile");
  for (std::string path : {"/v1/userinfo", "/oauth2/v3/userinfo"}) {
    HttpResult info = Get(base_, path, {{"Authorization", "Bearer " + tokens.Field("access_token")}});
    ASSERT_EQ(info.status, 200) << path << info.body;
    EXPECT_EQ(info.Field("sub").size(), 21u);
    EXPECT_EQ(info.Field("name"), "Alice Example");
    EXPECT_EQ(info.Field("given_name"), "Alice");
    EXPECT_EQ(info.Field("family_name"), "Example");
    EXPECT_THAT(info.Field("picture"), StartsWith("https://"));
    EXPECT_EQ(info.Field("email"), kUser);
    EXPECT_EQ(info.Field("email_verified"), "true");
  }
}

TEST_F(TokenInfo, UserInfoNeedsAValidToken) {
  HttpResult none = Get(base_, "/v1/userinfo");
  EXPECT_EQ(none.status, 401);
  EXPECT_THAT(none.Header("WWW-Authenticate"), StartsWith("Bearer"));
  HttpResult bad = Get(base_, "/oauth2/v3/userinfo", {{"Authorization", "Bearer ya29.bad"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.Field("error_description"), "Invalid Credentials");
  EXPECT_THAT(bad.Header("WWW-Authenticate"), HasSubstr("error=\"invalid_token\""));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
