#include "gauthflow/poco/host_lookup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "testing/gate.h"

namespace gauthflow {
namespace {

using ::testing::HasSubstr;
using SteadyClock = std::chrono::steady_clock;

using testing::Gate;

SteadyClock::time_point Far() { return SteadyClock::now() + std::chrono::minutes(5); }

TEST(ResolveBefore, AnAddressLiteralIsNotLookedUp) {
  std::atomic<int> calls{0};
  HostLookup const lookup = [&calls](std::string const&) -> Result<std::string> {
    ++calls;
    return "203.0.113.9";
  };
  EXPECT_EQ(ResolveBefore(lookup, "127.0.0.1", Far()).value(), "127.0.0.1");
  EXPECT_EQ(ResolveBefore(lookup, "::1", Far()).value(), "::1");
  EXPECT_EQ(calls.load(), 0);
}

TEST(ResolveBefore, ANameGetsTheLookupsAddress) {
  HostLookup const lookup = [](std::string const& host) -> Result<std::string> {
    return host == "oauth2.example" ? "198.51.100.7" : "0.0.0.0";
  };
  EXPECT_EQ(ResolveBefore(lookup, "oauth2.example", Far()).value(), "198.51.100.7");
}

TEST(ResolveBefore, ALookupFailureIsReturnedAsItCame) {
  HostLookup const lookup = [](std::string const&) -> Result<std::string> {
    return MakeError(ErrorCode::kTransport, "cannot resolve host name \"nowhere.example\"");
  };
  auto const answer = ResolveBefore(lookup, "nowhere.example", Far());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kTransport);
  EXPECT_THAT(answer.error().message, HasSubstr("nowhere.example"));
}

TEST(ResolveBefore, ALookupThatThrowsBecomesATransportError) {
  HostLookup const lookup = [](std::string const&) -> Result<std::string> {
    throw std::runtime_error("resolver exploded");
  };
  auto const answer = ResolveBefore(lookup, "boom.example", Far());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kTransport);
  EXPECT_THAT(answer.error().message, HasSubstr("resolver exploded"));
}

// A resolver that never answers (a dead name server) ends at the deadline, not when the
// lookup gives up.
TEST(ResolveBefore, ALookupStillRunningAtTheDeadlineIsATimeout) {
  auto gate = std::make_shared<Gate>();
  HostLookup const lookup = [gate](std::string const&) -> Result<std::string> {
    gate->Wait();
    return "192.0.2.1";
  };
  auto const answer =
      ResolveBefore(lookup, "slow-dns.example", SteadyClock::now() + std::chrono::milliseconds(20));
  gate->Open();  // the detached lookup finishes now, and its answer is dropped
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(answer.error().message, HasSubstr("slow-dns.example"));
}

}  // namespace
}  // namespace gauthflow
