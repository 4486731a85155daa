// CodeStore: authorization codes, each redeemed once.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "oauth/code_store.h"
#include "oauth/random_tokens.h"
#include "server_clock.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using std::chrono::seconds;

class CodeStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> base_ = std::make_shared<ManualClock>();
  ServerClock clock_{base_};
  CodeStore codes_{clock_};

  static AuthRequest Request() {
    AuthRequest request;
    request.client_id = "client.apps";
    request.redirect_uri = "http://127.0.0.1:1/";
    request.scopes = {"openid"};
    return request;
  }
  // Issues codes until the next issue is the kEvery-th, `issued` having been issued already.
  void IssueUntilJustBeforeTheSweep(std::uint64_t issued) {
    for (std::uint64_t i = issued + 1; i < SweepSchedule::kEvery; ++i) {
      codes_.Issue(Request(), "a@example.com");
    }
  }
};

TEST_F(CodeStoreTest, IssuesGoogleShapedCodesThatExpireInTenMinutes) {
  std::string code = codes_.Issue(Request(), "alice@example.com");
  EXPECT_EQ(code.rfind("4/0A", 0), 0u);
  EXPECT_TRUE(LooksLikeAuthorizationCode(code));
  auto record = codes_.Find(code);
  ASSERT_TRUE(record);
  ASSERT_TRUE(record->authorization);
  EXPECT_EQ(record->authorization->user_email, "alice@example.com");
  EXPECT_EQ(record->authorization->request.client_id, "client.apps");
  EXPECT_EQ(record->expiry, clock_.Now() + kCodeLifetime);
  EXPECT_FALSE(record->used());
  EXPECT_NE(codes_.Issue(Request(), "alice@example.com"), code);
}

TEST_F(CodeStoreTest, ACodeIsClaimedOnce) {
  std::string code = codes_.Issue(Request(), "alice@example.com");
  EXPECT_TRUE(codes_.Claim(code));
  EXPECT_FALSE(codes_.Claim(code));
  auto tombstone = codes_.Find(code);  // kept, so that a reuse is recognised
  ASSERT_TRUE(tombstone);
  EXPECT_TRUE(tombstone->used());
  EXPECT_FALSE(tombstone->authorization);  // but not the request it answered
  EXPECT_FALSE(codes_.Claim("4/0Aunknown"));
}

TEST_F(CodeStoreTest, ConcurrentClaimsHaveExactlyOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kCodes = 200;
  std::vector<std::string> issued;
  for (int i = 0; i < kCodes; ++i) issued.push_back(codes_.Issue(Request(), "alice@example.com"));
  std::vector<std::atomic<int>> wins(kCodes);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kCodes; ++i) {
        if (codes_.Claim(issued[static_cast<std::size_t>(i)])) ++wins[static_cast<std::size_t>(i)];
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kCodes; ++i) EXPECT_EQ(wins[static_cast<std::size_t>(i)].load(), 1) << i;
}

TEST_F(CodeStoreTest, AttachesTheGrantOfAClaimedCode) {
  std::string code = codes_.Issue(Request(), "alice@example.com");
  ASSERT_TRUE(codes_.Claim(code));
  auto grant = std::make_shared<Grant>();
  codes_.AttachGrant(code, grant);
  EXPECT_EQ(codes_.Find(code)->grant, grant);
  codes_.AttachGrant("4/0Aunknown", grant);  // no record appears for an unknown code
  EXPECT_FALSE(codes_.Find("4/0Aunknown"));
}

TEST_F(CodeStoreTest, SweepsCodesLongExpired) {
  std::string old_code = codes_.Issue(Request(), "alice@example.com");
  base_->Advance(kCodeLifetime + SweepSchedule::kGrace + seconds(1));
  std::string fresh = codes_.Issue(Request(), "alice@example.com");
  IssueUntilJustBeforeTheSweep(2);
  EXPECT_TRUE(codes_.Find(old_code));  // not yet: the sweep runs on the kEvery-th issue
  codes_.Issue(Request(), "alice@example.com");
  EXPECT_FALSE(codes_.Find(old_code));
  EXPECT_TRUE(codes_.Find(fresh));
  EXPECT_EQ(codes_.Count(), SweepSchedule::kEvery - 1);
}

TEST_F(CodeStoreTest, DropsTombstonesOfRevokedGrantsAtTheNextSweep) {
  std::string revoked_code = codes_.Issue(Request(), "alice@example.com");
  std::string live_code = codes_.Issue(Request(), "alice@example.com");
  ASSERT_TRUE(codes_.Claim(revoked_code));
  ASSERT_TRUE(codes_.Claim(live_code));
  auto revoked = std::make_shared<Grant>();
  auto live = std::make_shared<Grant>();
  codes_.AttachGrant(revoked_code, revoked);
  codes_.AttachGrant(live_code, live);
  revoked->revoked = true;
  IssueUntilJustBeforeTheSweep(2);
  EXPECT_TRUE(codes_.Find(revoked_code));  // not yet
  codes_.Issue(Request(), "alice@example.com");  // the kEvery-th issue sweeps
  EXPECT_FALSE(codes_.Find(revoked_code));
  EXPECT_TRUE(codes_.Find(live_code));
  EXPECT_EQ(codes_.Count(), SweepSchedule::kEvery - 1);
  // Still recognised as issued here, with its expiry (to the second the code carries).
  auto expiry = codes_.IssuedExpiry(revoked_code);
  ASSERT_TRUE(expiry);
  EXPECT_LE(*expiry, clock_.Now() + kCodeLifetime);
  EXPECT_GT(*expiry, clock_.Now() + kCodeLifetime - seconds(2));
}

TEST_F(CodeStoreTest, RecognisesOnlyCodesItIssued) {
  std::string code = codes_.Issue(Request(), "alice@example.com");
  ASSERT_TRUE(codes_.IssuedExpiry(code));
  // Same shape, any character changed: the MAC no longer matches.
  for (std::size_t i : {std::size_t{4}, std::size_t{20}, code.size() - 1}) {
    std::string forged = code;
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(codes_.IssuedExpiry(forged)) << i;
  }
  EXPECT_FALSE(codes_.IssuedExpiry(code.substr(0, code.size() - 1)));
  EXPECT_FALSE(codes_.IssuedExpiry("4/0AunknownButWellFormed"));
  EXPECT_FALSE(codes_.IssuedExpiry("4/0A" + std::string(64, 'A')));
  // Another server (another key) did not issue it.
  CodeStore other(clock_);
  EXPECT_FALSE(other.IssuedExpiry(code));
}

TEST_F(CodeStoreTest, ClearForgetsEveryCodeAndNoLongerRecognisesThem) {
  std::string code = codes_.Issue(Request(), "alice@example.com");
  codes_.Clear();
  EXPECT_FALSE(codes_.Find(code));
  EXPECT_FALSE(codes_.IssuedExpiry(code));
  EXPECT_EQ(codes_.Count(), 0u);
  EXPECT_TRUE(codes_.IssuedExpiry(codes_.Issue(Request(), "alice@example.com")));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
