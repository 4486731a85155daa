#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/token_client.h"
#include "gauthflow/token_source.h"
#include "testing/fake_clock.h"
#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using std::chrono::seconds;

constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token";

Credentials StoredCredentials() {
  Credentials c;
  c.access_token = "ya29.old";
  c.expiry = std::chrono::system_clock::time_point(seconds(1'700'000'000));
  c.refresh_token = "1//old-refresh";
  c.scopes = {"openid", "https://www.googleapis.com/auth/drive.readonly"};
  c.token_uri = kTokenUri;
  c.client_id = "123.apps.googleusercontent.com";
  c.client_secret = "GOCSPX-secret";
  return c;
}

TokenClientConfig Config() {
  TokenClientConfig config;
  config.token_uri = kTokenUri;
  config.revoke_uri = "https://oauth2.googleapis.com/revoke";
  config.client_id = "123.apps.googleusercontent.com";
  config.client_secret = "GOCSPX-secret";
  return config;
}

auto IsRefreshGrant() {
  return AllOf(Field(&HttpRequest::method, "POST"), Field(&HttpRequest::url, kTokenUri),
               Field(&HttpRequest::body, AllOf(HasSubstr("grant_type=refresh_token"),
                                               HasSubstr("refresh_token=1%2F%2Fold-refresh"),
                                               Not(HasSubstr("scope=")))));
}

class RefreshingTokenSourceTest : public ::testing::Test {
 protected:
  MockHttpClient http_;
  FakeClock clock_;
  TokenClient client_{http_, clock_, Config()};
  std::vector<Credentials> saved_;
  RefreshCallback save_ = [this](Credentials const& c) { saved_.push_back(c); };
};

TEST_F(RefreshingTokenSourceTest, RefreshUpdatesCredentialsKeepsRefreshTokenAndReportsThem) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599,
          "scope": "https://www.googleapis.com/auth/drive.readonly openid", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);

  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << ToString(token.error());
  EXPECT_EQ(token->token, "ya29.new");
  EXPECT_EQ(token->expiry, clock_.Now() + seconds(3599));

  auto const current = source.credentials();
  EXPECT_EQ(current.access_token, "ya29.new");
  EXPECT_EQ(current.expiry, clock_.Now() + seconds(3599));
  EXPECT_EQ(current.refresh_token, "1//old-refresh");
  EXPECT_THAT(current.scopes,
              ElementsAre("https://www.googleapis.com/auth/drive.readonly", "openid"));
  EXPECT_EQ(current.client_id, "123.apps.googleusercontent.com");
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].access_token, "ya29.new");
  EXPECT_EQ(saved_[0].refresh_token, "1//old-refresh");
}

TEST_F(RefreshingTokenSourceTest, RotatedRefreshTokenAndIdTokenAreKept) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599,
          "refresh_token": "1//rotated", "id_token": "eyJ.e30.sig", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);
  ASSERT_TRUE(source.GetToken(clock_.Now()));
  EXPECT_EQ(source.credentials().refresh_token, "1//rotated");
  EXPECT_EQ(source.credentials().id_token, "eyJ.e30.sig");
  // No "scope" in the answer: the stored scopes stay.
  EXPECT_EQ(source.credentials().scopes, StoredCredentials().scopes);
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].refresh_token, "1//rotated");
}

TEST_F(RefreshingTokenSourceTest, InvalidGrantIsReturnedAndNothingChanges) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(400, R"({"error": "invalid_grant",
          "error_description": "Token has been expired or revoked."})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);
  auto const token = source.GetToken(clock_.Now());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(token.error().message, AllOf(HasSubstr("Token has been expired or revoked."),
                                           Not(HasSubstr("1//old-refresh")),
                                           Not(HasSubstr("GOCSPX-secret"))));
  EXPECT_EQ(source.credentials().access_token, "ya29.old");
  EXPECT_TRUE(saved_.empty());
}

TEST_F(RefreshingTokenSourceTest, WithoutRefreshTokenNothingIsSent) {
  EXPECT_CALL(http_, Send).Times(0);
  auto credentials = StoredCredentials();
  credentials.refresh_token.reset();
  RefreshingTokenSource source(client_, credentials, save_);
  auto const token = source.GetToken(clock_.Now());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kMissingField);
  EXPECT_THAT(token.error().message, HasSubstr("refresh_token"));
}

TEST_F(RefreshingTokenSourceTest, UnknownExpiryNeverExpiresEarly) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials());
  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << ToString(token.error());
  EXPECT_EQ(token->expiry, std::chrono::system_clock::time_point::max());
  EXPECT_EQ(source.credentials().expiry, std::nullopt);
}

// The composition the CLI uses: the cache answers from the stored token until the slack
// boundary, then one refresh goes to the token endpoint and is persisted.
TEST_F(RefreshingTokenSourceTest, CachedOverRefreshingRefreshesOnlyNearExpiry) {
  auto const stored = StoredCredentials();
  auto const expiry = clock_.Now() + seconds(600);
  auto cache = CachedTokenSource(
      std::make_unique<RefreshingTokenSource>(client_, stored, save_),
      AccessToken{stored.access_token, expiry});

  EXPECT_CALL(http_, Send).Times(0);
  EXPECT_EQ(cache.GetToken(expiry - kDefaultRefreshSlack - seconds(1))->token, "ya29.old");
  ::testing::Mock::VerifyAndClearExpectations(&http_);

  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})")));
  EXPECT_EQ(cache.GetToken(expiry - kDefaultRefreshSlack)->token, "ya29.new");
  EXPECT_EQ(cache.GetToken(expiry)->token, "ya29.new");  // cached: no second request
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].access_token, "ya29.new");
}

}  // namespace
}  // namespace gauthflow
