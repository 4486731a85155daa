// ViolationLog: bounded like the journal.
#include <string>

#include <gtest/gtest.h>

#include "oauth/violation_log.h"

namespace gauthflow::mockserver::testing {
namespace {

TEST(ViolationLog, KeepsTheNewestWithinItsCapacity) {
  ViolationLog log;
  for (std::size_t i = 0; i < ViolationLog::kCapacity + 5; ++i) {
    log.Add(Violation{"no_pkce", "client.apps", std::to_string(i), {}});
  }
  auto list = log.List();
  ASSERT_EQ(list.size(), ViolationLog::kCapacity);
  EXPECT_EQ(list.front().detail, "5");
  EXPECT_EQ(list.back().detail, std::to_string(ViolationLog::kCapacity + 4));
  log.Clear();
  EXPECT_TRUE(log.List().empty());
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
