// TokenStore: grants, access and refresh tokens, revocation and the sweep of dead tokens.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "oauth/token_store.h"
#include "server_clock.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using std::chrono::seconds;

class TokenStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> base_ = std::make_shared<ManualClock>();
  ServerClock clock_{base_};
  TokenStore tokens_{clock_};

  std::shared_ptr<Grant> OfflineGrant() {
    return tokens_.NewGrant("client.apps", "alice@example.com", {"openid"}, true, true);
  }
  std::string Issue(std::shared_ptr<Grant> const& grant) {
    return tokens_.IssueAccessToken(grant, clock_.Now() + kAccessTokenLifetime);
  }
};

TEST_F(TokenStoreTest, AnAccessTokenLivesUntilItsExpiry) {
  auto grant = OfflineGrant();
  std::string token = Issue(grant);
  EXPECT_EQ(token.rfind("ya29.", 0), 0u);
  auto record = tokens_.LiveAccessToken(token);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->grant, grant);
  base_->Advance(kAccessTokenLifetime - seconds(1));
  EXPECT_TRUE(tokens_.LiveAccessToken(token));
  base_->Advance(seconds(1));
  EXPECT_FALSE(tokens_.LiveAccessToken(token));
  EXPECT_FALSE(tokens_.LiveAccessToken("ya29.unknown"));
}

TEST_F(TokenStoreTest, RefreshTokensOnlyForGrantsThatAskForOne) {
  auto offline = OfflineGrant();
  EXPECT_EQ(offline->refresh_token.rfind("1//", 0), 0u);
  EXPECT_EQ(tokens_.LiveRefreshToken(offline->refresh_token), offline);
  auto online = tokens_.NewGrant("client.apps", "alice@example.com", {"openid"}, false, false);
  EXPECT_TRUE(online->refresh_token.empty());
  EXPECT_FALSE(tokens_.LiveRefreshToken(""));
}

TEST_F(TokenStoreTest, RevokingAnyTokenRevokesTheWholeGrant) {
  auto grant = OfflineGrant();
  std::string first = Issue(grant);
  std::string second = Issue(grant);
  EXPECT_TRUE(tokens_.Revoke(first));
  EXPECT_FALSE(tokens_.LiveAccessToken(second));
  EXPECT_FALSE(tokens_.LiveRefreshToken(grant->refresh_token));
  EXPECT_FALSE(tokens_.Revoke(second));  // no longer valid
  auto other = OfflineGrant();
  std::string kept = Issue(other);
  EXPECT_TRUE(tokens_.Revoke(other->refresh_token));
  EXPECT_FALSE(tokens_.LiveAccessToken(kept));
  EXPECT_FALSE(tokens_.Revoke("ya29.unknown"));
}

TEST_F(TokenStoreTest, SweepsAccessTokensDeadForLongerThanTheGrace) {
  auto grant = OfflineGrant();
  Issue(grant);  // expires at now + 3599 s
  base_->Advance(kAccessTokenLifetime + SweepSchedule::kGrace + seconds(1));
  std::string live = Issue(grant);
  for (std::uint64_t i = 3; i < SweepSchedule::kEvery; ++i) Issue(grant);
  EXPECT_EQ(tokens_.AccessTokenCount(), SweepSchedule::kEvery - 1);  // not swept yet
  Issue(grant);                                                        // the kEvery-th
  EXPECT_EQ(tokens_.AccessTokenCount(), SweepSchedule::kEvery - 1);  // the dead one went
  EXPECT_TRUE(tokens_.LiveAccessToken(live));
}

TEST_F(TokenStoreTest, TheOldestOfMoreThanAHundredRefreshTokensIsRevoked) {
  std::vector<std::shared_ptr<Grant>> grants;
  std::vector<std::string> access_tokens;
  for (std::size_t i = 0; i <= kRefreshTokensPerClientAndUser; ++i) {
    grants.push_back(OfflineGrant());
    access_tokens.push_back(Issue(grants.back()));
  }
  EXPECT_TRUE(grants[0]->revoked);
  EXPECT_FALSE(tokens_.LiveRefreshToken(grants[0]->refresh_token));
  EXPECT_FALSE(tokens_.LiveAccessToken(access_tokens[0]));
  EXPECT_EQ(tokens_.RefreshTokenCount(), kRefreshTokensPerClientAndUser);
  for (std::size_t i = 1; i < grants.size(); ++i) {
    EXPECT_EQ(tokens_.LiveRefreshToken(grants[i]->refresh_token), grants[i]) << i;
    EXPECT_TRUE(tokens_.LiveAccessToken(access_tokens[i])) << i;
  }
  // A grant revoked meanwhile leaves a free place: the next one evicts nobody.
  ASSERT_TRUE(tokens_.Revoke(grants[50]->refresh_token));
  auto const newest = OfflineGrant();
  EXPECT_FALSE(newest->revoked);
  EXPECT_FALSE(grants[1]->revoked);
  EXPECT_EQ(tokens_.RefreshTokenCount(), kRefreshTokensPerClientAndUser);
  // Grants without a refresh token do not count.
  for (std::size_t i = 0; i < kRefreshTokensPerClientAndUser; ++i) {
    tokens_.NewGrant("client.apps", "alice@example.com", {"openid"}, false, false);
  }
  EXPECT_FALSE(grants[1]->revoked);
}

TEST_F(TokenStoreTest, RevokingAGrantErasesItsRefreshTokenAtOnce) {
  auto grant = OfflineGrant();
  auto other = OfflineGrant();
  EXPECT_EQ(tokens_.RefreshTokenCount(), 2u);
  tokens_.RevokeGrant(grant);
  EXPECT_EQ(tokens_.RefreshTokenCount(), 1u);
  tokens_.RevokeGrant(grant);  // idempotent
  EXPECT_EQ(tokens_.RefreshTokenCount(), 1u);
  EXPECT_FALSE(tokens_.LiveRefreshToken(grant->refresh_token));
  EXPECT_EQ(tokens_.LiveRefreshToken(other->refresh_token), other);
}

TEST_F(TokenStoreTest, SweepsAccessTokensOfRevokedGrants) {
  auto revoked = OfflineGrant();
  Issue(revoked);
  Issue(revoked);
  auto live = OfflineGrant();
  std::string kept = Issue(live);
  tokens_.RevokeGrant(revoked);
  EXPECT_EQ(tokens_.AccessTokenCount(), 3u);  // until the sweep
  for (std::uint64_t i = 4; i < SweepSchedule::kEvery; ++i) Issue(live);
  EXPECT_EQ(tokens_.AccessTokenCount(), SweepSchedule::kEvery - 1);
  Issue(live);  // the kEvery-th
  EXPECT_EQ(tokens_.AccessTokenCount(), SweepSchedule::kEvery - 2);
  EXPECT_TRUE(tokens_.LiveAccessToken(kept));
}

TEST_F(TokenStoreTest, ClearForgetsEveryToken) {
  auto grant = OfflineGrant();
  std::string token = Issue(grant);
  tokens_.Clear();
  EXPECT_FALSE(tokens_.LiveAccessToken(token));
  EXPECT_FALSE(tokens_.LiveRefreshToken(grant->refresh_token));
  EXPECT_EQ(tokens_.AccessTokenCount(), 0u);
  EXPECT_EQ(tokens_.RefreshTokenCount(), 0u);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
