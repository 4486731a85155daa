#include "load/issued_ledger.h"

#include <gtest/gtest.h>

namespace gauthflow::load {
namespace {

using Kind = IssuedLedger::Kind;

TEST(IssuedLedger, CountsAValueSeenTwiceAsADuplicate) {
  IssuedLedger ledger;
  EXPECT_TRUE(ledger.Record(Kind::kCode, "4/0Aabc"));
  EXPECT_TRUE(ledger.Record(Kind::kCode, "4/0Aabd"));
  EXPECT_FALSE(ledger.Record(Kind::kCode, "4/0Aabc"));
  EXPECT_EQ(ledger.duplicates(), 1U);
  EXPECT_EQ(ledger.size(Kind::kCode), 2U);
}

TEST(IssuedLedger, KeepsEachKindApart) {
  IssuedLedger ledger;
  EXPECT_TRUE(ledger.Record(Kind::kAccessToken, "same"));
  EXPECT_TRUE(ledger.Record(Kind::kRefreshToken, "same"));
  EXPECT_TRUE(ledger.Record(Kind::kCode, "same"));
  EXPECT_FALSE(ledger.Record(Kind::kRefreshToken, "same"));
  EXPECT_EQ(ledger.duplicates(), 1U);
  EXPECT_EQ(ledger.size(Kind::kAccessToken), 1U);
}

}  // namespace
}  // namespace gauthflow::load
