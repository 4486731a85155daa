#include "gauthflow/token_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::MockAccessTokenSource;
using ::testing::_;
using ::testing::Return;
using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

constexpr TimePoint kExpiry{seconds(1'800'000'000)};
constexpr auto kSlack = kDefaultRefreshSlack;

AccessToken OldToken() { return AccessToken{"ya29.old", kExpiry}; }
AccessToken NewToken() { return AccessToken{"ya29.new", kExpiry + seconds(3600)}; }

Result<AccessToken> RefreshFailure() {
  return MakeError(ErrorCode::kInvalidGrant, "Token has been expired or revoked.");
}

// The decorator owns its inner source; the test keeps a pointer to set expectations.
struct Fixture {
  Fixture(std::optional<AccessToken> initial = OldToken()) {
    auto owned = std::make_unique<MockAccessTokenSource>();
    inner = owned.get();
    source = std::make_unique<CachedTokenSource>(std::move(owned), std::move(initial));
  }
  MockAccessTokenSource* inner;
  std::unique_ptr<CachedTokenSource> source;
};

TEST(CachedTokenSource, DefaultSlackIsGoogleAuthRefreshThreshold) {
  EXPECT_EQ(kDefaultRefreshSlack, std::chrono::minutes(3) + seconds(45));
}

TEST(CachedTokenSource, ServesCachedTokenUpToOneSecondBeforeTheSlackBoundary) {
  Fixture f;
  EXPECT_CALL(*f.inner, GetToken).Times(0);
  for (auto now : {kExpiry - std::chrono::hours(1), kExpiry - kSlack - seconds(1)}) {
    auto const token = f.source->GetToken(now);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->token, "ya29.old");
    EXPECT_EQ(token->expiry, kExpiry);
  }
}

TEST(CachedTokenSource, RefreshesExactlyAtTheSlackBoundaryAndCachesTheNewToken) {
  Fixture f;
  TimePoint const boundary = kExpiry - kSlack;
  EXPECT_CALL(*f.inner, GetToken(boundary)).WillOnce(Return(NewToken()));
  auto const first = f.source->GetToken(boundary);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->token, "ya29.new");
  EXPECT_EQ(first->expiry, NewToken().expiry);
  // The new token is served from the cache afterwards: no second inner call.
  auto const second = f.source->GetToken(boundary + seconds(60));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->token, "ya29.new");
}

TEST(CachedTokenSource, WithoutInitialTokenTheFirstCallRefreshes) {
  Fixture f(std::nullopt);
  EXPECT_CALL(*f.inner, GetToken(kExpiry - std::chrono::hours(2))).WillOnce(Return(NewToken()));
  auto const token = f.source->GetToken(kExpiry - std::chrono::hours(2));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->token, "ya29.new");
}

TEST(CachedTokenSource, KeepsServingTheOldTokenWhenRefreshFailsBeforeExpiry) {
  Fixture f;
  // Each call inside the slack window tries again; both fail.
  EXPECT_CALL(*f.inner, GetToken).Times(2).WillRepeatedly(Return(RefreshFailure()));
  for (auto now : {kExpiry - kSlack, kExpiry - seconds(1)}) {
    auto const token = f.source->GetToken(now);
    ASSERT_TRUE(token) << ToString(token.error());
    EXPECT_EQ(token->token, "ya29.old");
  }
}

TEST(CachedTokenSource, RecoversWhenALaterRefreshSucceeds) {
  Fixture f;
  EXPECT_CALL(*f.inner, GetToken)
      .WillOnce(Return(RefreshFailure()))
      .WillOnce(Return(NewToken()));
  EXPECT_EQ(f.source->GetToken(kExpiry - seconds(100))->token, "ya29.old");
  EXPECT_EQ(f.source->GetToken(kExpiry - seconds(50))->token, "ya29.new");
}

TEST(CachedTokenSource, ReturnsTheErrorOnceTheOldTokenHasExpired) {
  Fixture f;
  EXPECT_CALL(*f.inner, GetToken).Times(2).WillRepeatedly(Return(RefreshFailure()));
  for (auto now : {kExpiry, kExpiry + seconds(1)}) {  // at expiry the token is no longer valid
    auto const token = f.source->GetToken(now);
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
  }
}

TEST(CachedTokenSource, ReturnsTheErrorWhenNothingIsCached) {
  Fixture f(std::nullopt);
  EXPECT_CALL(*f.inner, GetToken).WillOnce(Return(RefreshFailure()));
  auto const token = f.source->GetToken(kExpiry - std::chrono::hours(2));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
}

TEST(CachedTokenSource, HonoursACustomSlack) {
  auto owned = std::make_unique<MockAccessTokenSource>();
  auto* inner = owned.get();
  CachedTokenSource source(std::move(owned), OldToken(), seconds(300));
  EXPECT_CALL(*inner, GetToken(kExpiry - seconds(300))).WillOnce(Return(NewToken()));
  EXPECT_EQ(source.GetToken(kExpiry - seconds(301))->token, "ya29.old");
  EXPECT_EQ(source.GetToken(kExpiry - seconds(300))->token, "ya29.new");
}

// Several callers at expiry: one refresh, all get the new token. The inner call blocks until every
// thread has been started and is about to call GetToken, so the others pile up behind it.
TEST(CachedTokenSource, ConcurrentCallersAtExpiryCauseOneRefresh) {
  constexpr int kThreads = 8;
  Fixture f;
  std::latch all_started(kThreads);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> inner_calls{0};
  EXPECT_CALL(*f.inner, GetToken).WillRepeatedly([&](TimePoint) -> Result<AccessToken> {
    ++inner_calls;
    released.wait();
    return NewToken();
  });

  std::vector<Result<AccessToken>> results(kThreads, RefreshFailure());
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      all_started.count_down();
      results[i] = f.source->GetToken(kExpiry - seconds(10));
    });
  }
  all_started.wait();
  release.set_value();
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(inner_calls.load(), 1);
  for (auto const& result : results) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->token, "ya29.new");
  }
}

}  // namespace
}  // namespace gauthflow
