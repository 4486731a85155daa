// ConsentStore: accumulated consents and Google's refresh-token rule.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "oauth/consent_store.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConsentStore, ConsentsAccumulatePerClientAndUser) {
  ConsentStore consents;
  EXPECT_THAT(consents.GrantedScopes("a.apps", "alice@example.com"), IsEmpty());
  consents.RecordConsent("a.apps", "alice@example.com", {"openid"});
  consents.RecordConsent("a.apps", "alice@example.com", {"email", "openid"});
  EXPECT_THAT(consents.GrantedScopes("a.apps", "alice@example.com"), ElementsAre("email", "openid"));
  EXPECT_THAT(consents.GrantedScopes("b.apps", "alice@example.com"), IsEmpty());
  EXPECT_THAT(consents.GrantedScopes("a.apps", "bob@example.com"), IsEmpty());
}

TEST(ConsentStore, ARefreshTokenOnTheFirstOfflineExchangeOrWhenForced) {
  ConsentStore consents;
  EXPECT_TRUE(consents.ClaimRefreshToken("a.apps", "alice@example.com", false));
  EXPECT_FALSE(consents.ClaimRefreshToken("a.apps", "alice@example.com", false));
  EXPECT_TRUE(consents.ClaimRefreshToken("a.apps", "alice@example.com", true));  // prompt=consent
  EXPECT_TRUE(consents.ClaimRefreshToken("a.apps", "bob@example.com", false));
}

TEST(ConsentStore, ClearForgetsConsentsAndRefreshTokensIssued) {
  ConsentStore consents;
  consents.RecordConsent("a.apps", "alice@example.com", {"openid"});
  ASSERT_TRUE(consents.ClaimRefreshToken("a.apps", "alice@example.com", false));
  consents.Clear();
  EXPECT_THAT(consents.GrantedScopes("a.apps", "alice@example.com"), IsEmpty());
  EXPECT_TRUE(consents.ClaimRefreshToken("a.apps", "alice@example.com", false));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
