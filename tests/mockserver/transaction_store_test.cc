// TransactionStore: consent pages answered once, within their lifetime.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "oauth/transaction_store.h"
#include "server_clock.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using std::chrono::seconds;

class TransactionStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> base_ = std::make_shared<ManualClock>();
  ServerClock clock_{base_};
  TransactionStore transactions_{clock_};

  std::string AddDevice(std::string device_code) {
    Transaction transaction;
    transaction.kind = Transaction::Kind::kDevice;
    transaction.device_code = std::move(device_code);
    return transactions_.Add(std::move(transaction));
  }
};

TEST_F(TransactionStoreTest, ATransactionIsTakenOnce) {
  std::string id = AddDevice("AH-1");
  auto taken = transactions_.Take(id);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->device_code, "AH-1");
  EXPECT_EQ(taken->expiry, clock_.Now() + kTransactionLifetime);
  EXPECT_FALSE(transactions_.Take(id));
  EXPECT_FALSE(transactions_.Take("unknown"));
}

TEST_F(TransactionStoreTest, ConcurrentSubmitsHaveExactlyOneWinner) {
  std::string id = AddDevice("AH-1");
  std::atomic<int> wins{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      if (transactions_.Take(id)) ++wins;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_F(TransactionStoreTest, AnExpiredTransactionIsGone) {
  std::string id = AddDevice("AH-1");
  base_->Advance(kTransactionLifetime);
  EXPECT_FALSE(transactions_.Take(id));
  EXPECT_EQ(transactions_.Count(), 0u);
}

TEST_F(TransactionStoreTest, UnansweredPagesAreSweptAndClearForgetsAll) {
  AddDevice("AH-old");
  base_->Advance(kTransactionLifetime + SweepSchedule::kGrace + seconds(1));
  for (std::uint64_t i = 1; i < SweepSchedule::kEvery; ++i) AddDevice("AH-new");
  EXPECT_EQ(transactions_.Count(), SweepSchedule::kEvery - 1);
  transactions_.Clear();
  EXPECT_EQ(transactions_.Count(), 0u);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
