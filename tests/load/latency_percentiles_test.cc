#include "load/latency_percentiles.h"

#include <gtest/gtest.h>

namespace gauthflow::load {
namespace {

TEST(LatencyPercentiles, TakesTheNearestRank) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);  // 1..100, unsorted
  EXPECT_EQ(NearestRankPercentile(samples, 50), 50.0);
  EXPECT_EQ(NearestRankPercentile(samples, 99), 99.0);
  EXPECT_EQ(NearestRankPercentile(samples, 100), 100.0);
  EXPECT_EQ(NearestRankPercentile({7.0, 3.0, 5.0}, 50), 5.0);
  EXPECT_EQ(NearestRankPercentile({7.0}, 1), 7.0);
}

TEST(LatencyPercentiles, HasNoAnswerWithoutSamplesOrForABadPercent) {
  EXPECT_FALSE(NearestRankPercentile({}, 50));
  EXPECT_FALSE(NearestRankPercentile({1.0}, 0));
  EXPECT_FALSE(NearestRankPercentile({1.0}, 101));
}

}  // namespace
}  // namespace gauthflow::load
