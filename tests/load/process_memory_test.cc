#include "load/process_memory.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace gauthflow::load {
namespace {

TEST(ProcessMemory, ReadsVmRssInBytes) {
  EXPECT_EQ(ParseResidentBytes("Name:\tx\nVmPeak:\t  9000 kB\nVmRSS:\t    1234 kB\nThreads:\t1\n"),
            1234U * 1024U);
}

TEST(ProcessMemory, RejectsAMissingOrMalformedLine) {
  EXPECT_FALSE(ParseResidentBytes("Name:\tx\nVmHWM:\t 12 kB\n"));
  EXPECT_FALSE(ParseResidentBytes("VmRSS:\t\n"));
  EXPECT_FALSE(ParseResidentBytes("VmRSS:\t12 MB\n"));
  EXPECT_FALSE(ParseResidentBytes("VmRSS:\tlots kB\n"));
}

TEST(ProcessMemory, ReadsThisProcess) {
  auto resident = ReadResidentBytes(static_cast<int>(::getpid()));
  ASSERT_TRUE(resident);
  EXPECT_GT(*resident, 0U);
  EXPECT_FALSE(ReadResidentBytes(-1));
}

}  // namespace
}  // namespace gauthflow::load
